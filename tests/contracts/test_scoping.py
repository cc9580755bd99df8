import pytest
from django.urls import reverse

from contracts.choices import Role
from contracts.models import Contract
from tests.factories import ContractFactory, MembershipFactory, UserFactory
from tests.urlwalk import all_pages, is_public

pytestmark = pytest.mark.django_db

# Everyone may sign out and change their own password.
OWN_ACCOUNT_PAGES = {"logout", "password_change"}


def contract_pages(demo):
    reference = demo["contract"].reference
    return [p for p in all_pages(demo) if f"/{reference}/" in p.url and not is_public(p)]


def test_a_member_of_another_contract_gets_404_on_every_page_of_this_one(client, demo):
    other = ContractFactory(reference="OTHER")
    outsider = UserFactory()
    MembershipFactory(user=outsider, contract=other, role=Role.CONTRACT_MANAGER)
    client.force_login(outsider)
    pages = contract_pages(demo)
    assert pages
    for page in pages:
        assert client.get(page.url).status_code in (404, 405), page
        assert client.post(page.url).status_code in (404, 405), page


def test_a_board_member_can_change_nothing(client, demo, django_user_model):
    board = django_user_model.objects.get(username="board")
    client.force_login(board)
    before = Contract.objects.values().get(reference="CSSC")
    for page in all_pages(demo):
        if is_public(page) or page.name in OWN_ACCOUNT_PAGES:
            continue
        response = client.post(page.url, {"title": "Changed"})
        assert response.status_code in (403, 405), (page, response.status_code)
    assert Contract.objects.values().get(reference="CSSC") == before


def test_contract_list_shows_only_the_contracts_a_user_is_member_of(client, contract, officer):
    ContractFactory(reference="HIDDEN", title="Hidden contract")
    client.force_login(officer)
    content = client.get(reverse("contracts:list")).content.decode()
    assert "CSSC" in content
    assert "HIDDEN" not in content


def test_clerks_and_administrators_see_every_contract(client, contract, clerk, administrator):
    ContractFactory(reference="OTHER")
    for user in (clerk, administrator):
        client.force_login(user)
        content = client.get(reverse("contracts:list")).content.decode()
        assert "CSSC" in content and "OTHER" in content


def test_visible_to_scopes_the_queryset(contract, officer, clerk):
    other = ContractFactory()
    assert list(Contract.objects.visible_to(officer)) == [contract]
    assert set(Contract.objects.visible_to(clerk)) == {contract, other}
