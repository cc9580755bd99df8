"""A big contract's pages stay small: 40 KPIs × 36 months, every page under 150 KiB of
HTML before compression (the benchmark's own data shape: reds, ambers, mitigations,
quarterly and late KPIs)."""

import random

import pytest
from django.urls import reverse

from benchmarks import data
from contracts.choices import Role
from contracts.models import Supplier
from kpis.recompute import recompute_statuses
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIMIT_BYTES = 150 * 1024
ALL_MONTHS = {"range": "custom", "from": str(data.FIRST_MONTH), "to": str(data.CLOSED_THROUGH)}


@pytest.fixture
def big_contract():
    contract = data.contract_create(
        supplier=Supplier.objects.create(name=data.SUPPLIER),
        reference="BIG",
        title="A big contract",
        kpis=40,
        rng=random.Random(data.SEED),
        ahead=False,
    )
    recompute_statuses(contract=contract)
    return contract


def pages(contract):
    kpi = contract.kpis.order_by("code").first()
    return {
        "home": (reverse("home"), {}),
        "dashboard": (reverse("contract_dashboard", args=[contract.reference]), {}),
        "dashboard, 36 months": (
            reverse("contract_dashboard", args=[contract.reference]),
            ALL_MONTHS,
        ),
        "exceptions, 36 months": (
            reverse("contract_exceptions", args=[contract.reference]),
            ALL_MONTHS,
        ),
        "KPI page": (kpi.get_absolute_url(), {}),
        "KPI list": (reverse("kpis:list", args=[contract.reference]), {}),
        "monthly return": (
            reverse("kpis:return", args=[contract.reference, data.CLOSED_THROUGH]),
            {},
        ),
    }


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.CONTRACT_MANAGER, Role.OFFICER])
def test_every_page_of_a_40_kpi_36_month_contract_is_under_150_kib(client, big_contract, role):
    user = UserFactory()
    MembershipFactory(user=user, contract=big_contract, role=role)
    client.force_login(user)
    sizes = {}
    for name, (path, params) in pages(big_contract).items():
        response = client.get(path, params)
        if response.status_code == 200:
            sizes[name] = len(response.content)
    assert "dashboard, 36 months" in sizes
    assert {name: size for name, size in sizes.items() if size >= LIMIT_BYTES} == {}
