import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from contracts.models import Contract, ContractMembership, ServiceArea

pytestmark = pytest.mark.django_db


def snapshot():
    User = get_user_model()
    return (
        list(Contract.objects.values()),
        list(ServiceArea.objects.values()),
        list(ContractMembership.objects.values()),
        list(User.objects.values("username", "password", "is_superuser")),
    )


def test_seed_demo_loads_the_cssc_contract_and_one_user_per_role(demo):
    contract = demo["contract"]
    assert contract.title == "Corporate Support Services Contract"
    assert contract.supplier.name.startswith("Serco")
    assert contract.auto_close_months is False
    assert contract.closed_month.label == "September 2018"
    assert set(contract.service_areas.values_list("name", flat=True)) == {
        "IMT",
        "Finance (Agresso)",
        "Payroll and HR Administration",
        "Customer Service Centre",
        "Adult Care Finance",
    }
    roles = dict(contract.memberships.values_list("user__username", "role"))
    assert roles == {"officer": "officer", "manager": "contract_manager", "board": "board_member"}
    User = get_user_model()
    assert User.objects.get(username="clerk").groups.filter(name="Clerks").exists()
    assert User.objects.get(username="admin").check_password("oversight-demo-2018")


def test_running_seed_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("seed_demo", force=True, verbosity=0)
    assert snapshot() == before
