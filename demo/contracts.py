"""The demo contract: Lincolnshire County Council's Corporate Support Services
Contract with Serco, as its Overview and Scrutiny Management Board saw it in 2018."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from contracts.choices import ADMINISTRATORS_GROUP, CLERKS_GROUP, ContractStatus, Role
from contracts.models import Contract, ContractMembership, ServiceArea, Supplier

DEMO_PASSWORD = "oversight-demo-2018"
CLOSED_THROUGH = date(2018, 9, 1)

SERVICE_AREAS = [
    ("IMT", "imt"),
    ("Finance (Agresso)", "fin"),
    ("Payroll and HR Administration", "phr"),
    ("Customer Service Centre", "csc"),
    ("Adult Care Finance", "acf"),
]

# username, first name, last name, contract role, group
DEMO_USERS = [
    ("officer", "Olivia", "Okafor", Role.OFFICER, None),
    ("manager", "Marcus", "Hale", Role.CONTRACT_MANAGER, None),
    # Separation of duties: a figure a manager enters is approved by the other one.
    ("manager2", "Nadia", "Rowe", Role.CONTRACT_MANAGER, None),
    ("board", "Beatrice", "Lund", Role.BOARD_MEMBER, None),
    ("clerk", "Clara", "Whitby", None, CLERKS_GROUP),
    ("admin", "Adam", "Fenwick", None, ADMINISTRATORS_GROUP),
]


def seed_contract() -> Contract:
    supplier, _ = Supplier.objects.get_or_create(name="Serco Limited")
    contract, _ = Contract.objects.get_or_create(
        reference="CSSC",
        defaults={
            "title": "Corporate Support Services Contract",
            "authority": "Lincolnshire County Council",
            "supplier": supplier,
            "start_date": date(2015, 4, 1),
            "end_date": date(2020, 3, 31),
            "annual_value": Decimal("14500000.00"),
            "status": ContractStatus.LIVE,
            "description": (
                "IMT, finance on the Agresso ERP, payroll and HR administration, the "
                "customer service centre and adult care finance, delivered for the "
                "council by Serco. Reviewed quarterly by the Overview and Scrutiny "
                "Management Board and monthly by the Partnership Board."
            ),
            # A historical snapshot: months never close by themselves in the demo, and
            # they close only once its data is loaded (`close_months`).
            "auto_close_months": False,
        },
    )
    for order, (name, code) in enumerate(SERVICE_AREAS):
        ServiceArea.objects.get_or_create(
            contract=contract, name=name, defaults={"code": code, "sort_order": order}
        )
    return contract


def close_months(contract: Contract) -> None:
    """Close the months through September 2018, as the council had by the end of October.

    Set directly, not with `kpis.closing.month_close`: that would e-mail the contract
    managers about the returns still missing in 2017 and 2018. Statuses are recomputed
    afterwards by the caller."""
    if contract.closed_through is None:
        contract.closed_through = CLOSED_THROUGH
        contract.save(update_fields=["closed_through"])


def seed_users(contract: Contract) -> None:
    User = get_user_model()
    for username, first, last, role, group in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=group == ADMINISTRATORS_GROUP,
                is_superuser=group == ADMINISTRATORS_GROUP,
            )
        if group:
            user.groups.add(Group.objects.get(name=group))
        if role:
            membership, created = ContractMembership.objects.get_or_create(
                user=user, contract=contract, defaults={"role": role}
            )
            if created and role == Role.OFFICER:
                membership.service_areas.set(contract.service_areas.filter(code__in=["csc", "acf"]))
