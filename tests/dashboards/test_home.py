from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.choices import Role
from kpis.recompute import recompute_statuses
from tests.dashboards.test_contract_dashboard import build_contract
from tests.factories import KPIFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("home"))


@pytest.fixture
def reader(client):
    user = UserFactory()
    client.force_login(user)

    def member_of(*contracts):
        for contract in contracts:
            MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)

    return member_of


def test_home_shows_a_card_and_a_chart_for_each_contract(client, reader):
    contracts = [build_contract(kpis=2, months=3) for _ in range(3)]
    reader(*contracts)
    page = home(client).content.decode()
    for contract in contracts:
        assert f"{contract.reference} — {contract.title}" in page
        assert f'data-chart="trend-{contract.pk}"' in page and f'id="trend-{contract.pk}"' in page


def test_home_cards_come_from_the_cache_with_fewer_queries_however_many(client, reader):
    reader(*[build_contract(kpis=2, months=3) for _ in range(3)])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = home(client).content.decode()
        return len(captured.captured_queries), page.count('class="app-card"')

    cold, warm = queries(), queries()
    reader(*[build_contract(kpis=2, months=3) for _ in range(3)])
    queries()
    warm_six = queries()
    assert cold[1] == warm[1] == 3 and warm_six[1] == 6
    assert warm[0] < cold[0]
    assert warm_six[0] == warm[0]
    # The session (read, and saved in a savepoint: 4), the user, their groups, the cards'
    # markers (no contract is read when every card is cached), the procurement and
    # packs panels.
    assert warm[0] == 9


def test_a_home_card_shows_a_recompute_at_once_despite_the_cache(client, reader):
    contract = build_contract(kpis=1, months=1)
    reader(contract)
    contract.kpis.get().figures.update(value=Decimal(10))
    recompute_statuses(contract=contract)
    assert "100.0%" not in home(client).content.decode()
    contract.kpis.get().figures.update(value=Decimal(99))
    recompute_statuses(contract=contract)
    assert "100.0%" in home(client).content.decode()


def test_a_home_card_shows_an_edited_contract_or_a_new_kpi_at_once(client, reader):
    contract = build_contract(kpis=1, months=1)
    reader(contract)
    assert "Every return for October 2018 is in." not in home(client).content.decode()
    contract.title = "Corporate Support Services"
    contract.save()
    assert "Corporate Support Services" in home(client).content.decode()
    outstanding = home(client).content.decode().count("outstanding for October 2018")
    KPIFactory(contract=contract, service_area=contract.service_areas.first())
    page = home(client).content.decode()
    assert page.count("outstanding for October 2018") == outstanding
    assert "<strong>2</strong> returns outstanding" in page


def test_a_home_card_of_a_contract_with_no_closed_month_follows_the_calendar(client):
    contract = build_contract(kpis=1, months=1)
    contract.closed_through = None
    contract.save()
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    pages = []
    for day in (date(2019, 3, 15), date(2019, 4, 15)):
        with time_machine.travel(day):
            client.force_login(user)
            pages.append(home(client).content.decode())
    assert "for March 2019" in pages[0]
    assert "for April 2019" in pages[1] and "for March 2019" not in pages[1]


def test_home_shows_the_cards_of_the_contracts_the_user_sees_in_reference_order(client, clerk):
    from contracts.models import ContractMembership

    contracts = [build_contract(kpis=1, months=1) for _ in range(3)]
    user = UserFactory()
    for contract in contracts[1:]:
        MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)

    def card_titles(who):
        client.force_login(who)
        page = home(client).content.decode()
        titles = [f"{c.reference} — {c.title}" for c in contracts]
        return sorted((page.index(t), t) for t in titles if t in page)

    ordered = sorted(f"{c.reference} — {c.title}" for c in contracts)
    assert [t for _, t in card_titles(user)] == ordered[1:]
    assert [t for _, t in card_titles(clerk)] == ordered  # clerks see every contract
    ContractMembership.objects.filter(user=user, contract=contracts[1]).delete()
    assert [t for _, t in card_titles(user)] == ordered[2:]  # cached, yet gone at once
