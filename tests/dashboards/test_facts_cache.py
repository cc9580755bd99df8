"""The dashboard's section about the contract (key facts, service areas, members) is
cached (`dashboards.views._contract_facts`) under a digest of what it shows, read with
the other markers (`selectors.dashboard_markers`): a warm page must still show every
change to it at once, however it was made, and each user's own role must still decide
what they are offered."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from contracts.choices import Role
from contracts.models import ContractMembership, ServiceArea
from dashboards.selectors import dashboard_markers
from tests.factories import ContractFactory, MembershipFactory, UserFactory
from tests.factories.contracts import ServiceAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    return ContractFactory(closed_through=date(2018, 9, 1))


@pytest.fixture
def member(contract):
    user = UserFactory(first_name="Ada", last_name="Byron")
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    return user


def about(client, user, contract) -> str:
    """The text of the section about the contract, as the user's warm page shows it."""
    client.force_login(user)
    response = client.get(reverse("contract_dashboard", args=[contract.reference]))
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]*>", " ", response.content.decode())))
    return text.split("About the contract", 2)[2]  # (the first is the link to it)


def test_a_warm_dashboard_shows_a_members_new_name_and_role(client, contract, member):
    assert "Ada Byron Board member" in about(client, member, contract)
    member.last_name = "Lovelace"
    member.save()
    assert "Ada Lovelace Board member" in about(client, member, contract)
    # Changed without a save (no signal, no version): shown all the same.
    ContractMembership.objects.filter(user=member).update(role=Role.OFFICER)
    assert "Ada Lovelace Officer All" in about(client, member, contract)


def test_a_warm_dashboard_shows_a_member_added_or_removed(client, contract, member):
    assert "Grace Hopper" not in about(client, member, contract)
    grace = UserFactory(first_name="Grace", last_name="Hopper")
    membership = MembershipFactory(user=grace, contract=contract, role=Role.OFFICER)
    assert "Grace Hopper Officer All" in about(client, member, contract)
    membership.delete()
    assert "Grace Hopper" not in about(client, member, contract)


def test_a_warm_dashboard_shows_service_areas_renamed_added_and_given(client, contract, member):
    area = ServiceAreaFactory(contract=contract, name="Adults")
    officer = UserFactory(first_name="Grace", last_name="Hopper")
    membership = MembershipFactory(user=officer, contract=contract, role=Role.OFFICER)
    assert "Adults" in about(client, member, contract)
    assert "Grace Hopper Officer All" in about(client, member, contract)
    membership.service_areas.add(area)
    assert "Grace Hopper Officer Adults" in about(client, member, contract)
    ServiceArea.objects.filter(pk=area.pk).update(name="Adult social care")
    assert "Grace Hopper Officer Adult social care" in about(client, member, contract)
    ServiceAreaFactory(contract=contract, name="Children", sort_order=0)
    ServiceArea.objects.filter(pk=area.pk).update(sort_order=1)
    assert "Service areas Children Adult social care" in about(client, member, contract)


def test_a_warm_dashboard_shows_the_contract_and_its_supplier_edited(client, contract, member):
    assert "social care" not in about(client, member, contract)
    contract.description = "Adult and children's social care records"
    contract.save()
    assert "Adult and children's social care records" in about(client, member, contract)
    contract.supplier.name = "Renamed Supplier Ltd"
    contract.supplier.save()
    assert "Supplier Renamed Supplier Ltd" in about(client, member, contract)


def test_a_names_letters_moved_between_first_and_last_name_change_the_marker(contract, member):
    before = dashboard_markers(contract, member).facts
    member.first_name, member.last_name = "AdaB", "yron"
    member.save()
    assert dashboard_markers(contract, member).facts != before


def test_each_user_is_offered_what_their_own_role_allows(client, contract, member):
    manager = UserFactory()
    MembershipFactory(user=manager, contract=contract, role=Role.CONTRACT_MANAGER)

    def offered_to(user):
        client.force_login(user)
        return client.get(reverse("contract_dashboard", args=[contract.reference])).content

    assert b"Edit contract details" in offered_to(manager)
    assert b"Edit contract details" not in offered_to(member)  # the same section cached
    ContractMembership.objects.filter(user=member).update(role=Role.CONTRACT_MANAGER)
    assert b"Edit contract details" in offered_to(member)
