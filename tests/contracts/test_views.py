import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contracts.choices import Role
from contracts.models import ContractMembership
from core.periods import Month
from tests.factories import ContractFactory, SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_contract_page_shows_key_facts_service_areas_and_members(
    client, contract, manager, officer
):
    client.force_login(officer)
    content = client.get(reverse("contract_dashboard", args=["CSSC"])).content.decode()
    assert contract.title in content
    assert "Customer Service Centre" in content
    assert manager.get_full_name() in content
    assert "Contract manager" in content
    assert "Edit contract details" not in content


def test_a_contract_manager_edits_the_contract(client, contract, manager):
    client.force_login(manager)
    url = reverse("contracts:edit", args=["CSSC"])
    data = {
        "title": "Renamed",
        "authority": contract.authority,
        "supplier": contract.supplier.pk,
        "status": "live",
        "start_date": "2017-04-01",
        "end_date": "2022-03-31",
        "annual_value": "",
        "description": "",
        "return_deadline_working_days": 10,
        "version": contract.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.title == "Renamed"
    assert contract.auto_close_months is False


def edit_data(contract, **overrides):
    contract.refresh_from_db()
    return {
        "version": contract.version,
        "title": contract.title,
        "authority": contract.authority,
        "supplier": contract.supplier.pk,
        "status": "live",
        "start_date": "2017-04-01",
        "return_deadline_working_days": 10,
        "auto_close_months": "on",
    } | overrides


def test_separation_of_duties_is_on_by_default_and_only_an_administrator_turns_it_off(
    client, contract, manager, administrator
):
    assert contract.separate_duties
    url = reverse("contracts:edit", args=["CSSC"])
    client.force_login(manager)
    assert "Only an administrator changes this." in client.get(url).content.decode()
    client.post(url, edit_data(contract))  # the box left unticked
    contract.refresh_from_db()
    assert contract.separate_duties

    client.force_login(administrator)
    assert client.post(url, edit_data(contract)).status_code == 302
    contract.refresh_from_db()
    assert not contract.separate_duties
    client.post(url, edit_data(contract, separate_duties="on"))
    contract.refresh_from_db()
    assert contract.separate_duties


def test_separation_of_duties_is_editable_in_the_admin(client, contract):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:contracts_contract_change", args=[contract.pk]))
    assert 'name="separate_duties"' in page.content.decode()


def test_a_bad_edit_re_renders_with_the_field_named_and_saves_nothing(client, contract, manager):
    client.force_login(manager)
    response = client.post(
        reverse("contracts:edit", args=["CSSC"]),
        {
            "title": "Renamed",
            "authority": "X",
            "supplier": contract.supplier.pk,
            "status": "live",
            "start_date": "2017-04-01",
            "end_date": "2016-01-01",
            "return_deadline_working_days": 10,
        },
    )
    assert response.status_code == 200
    assert "End date: The end date must be on or after the start date." in response.content.decode()
    contract.refresh_from_db()
    assert contract.title != "Renamed"


def test_the_contract_form_offers_and_accepts_only_the_managers_suppliers(
    client, contract, manager
):
    hidden = ContractFactory(reference="HIDDEN", supplier=SupplierFactory(name="Hidden plc"))
    client.force_login(manager)
    url = reverse("contracts:edit", args=["CSSC"])
    page = client.get(url).content.decode()
    assert contract.supplier.name in page and "Hidden plc" not in page
    response = client.post(
        url,
        {
            "title": contract.title,
            "authority": contract.authority,
            "supplier": hidden.supplier.pk,
            "status": "live",
            "start_date": "2017-04-01",
            "return_deadline_working_days": 10,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    contract.refresh_from_db()
    assert contract.supplier != hidden.supplier


def test_the_supplier_filter_lists_only_the_suppliers_of_the_users_contracts(
    client, contract, officer, administrator
):
    ContractFactory(reference="HIDDEN", supplier=SupplierFactory(name="Hidden plc"))
    client.force_login(officer)
    page = client.get(reverse("contracts:list")).content.decode()
    assert contract.supplier.name in page and "Hidden plc" not in page
    client.force_login(administrator)
    assert "Hidden plc" in client.get(reverse("contracts:list")).content.decode()


def test_an_officer_may_not_edit_the_contract(client, contract, officer):
    client.force_login(officer)
    assert client.get(reverse("contracts:edit", args=["CSSC"])).status_code == 403


def test_contract_list_filters_by_status_and_supplier(client, administrator):
    serco = SupplierFactory(name="Serco")
    ContractFactory(reference="LIVE1", supplier=serco, status="live")
    ContractFactory(reference="ENDED1", supplier=serco, status="ended")
    ContractFactory(reference="OTHER1", status="live")
    client.force_login(administrator)
    content = client.get(
        reverse("contracts:list"), {"status": "live", "supplier": serco.pk}
    ).content.decode()
    assert "LIVE1" in content
    assert "ENDED1" not in content and "OTHER1" not in content


def test_contract_list_exports_what_is_shown_as_csv_and_xlsx(client, administrator):
    ContractFactory(reference="AAA", title='=HYPERLINK("http://evil")')
    ContractFactory(reference="BBB", status="ended")
    client.force_login(administrator)
    response = client.get(reverse("contracts:list"), {"status": "live", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Reference", "Title"]
    assert [r[0] for r in rows[1:]] == ["AAA"]
    assert rows[1][1].startswith("'=")
    response = client.get(reverse("contracts:list"), {"status": "live", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Reference"
    assert [v[0] for v in values[1:]] == ["AAA"]
    assert values[1][1].startswith("'=")


def test_contract_list_query_count_does_not_grow_with_contracts(
    client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    ContractFactory.create_batch(3)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("contracts:list"))
    ContractFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("contracts:list"))


def test_an_officer_without_service_areas_enters_for_all_of_them(contract, member):
    member(contract, Role.OFFICER)
    member(contract, Role.BOARD_MEMBER)
    words = {m.role: m.service_areas_word for m in ContractMembership.objects.all()}
    assert words == {Role.OFFICER: "All", Role.BOARD_MEMBER: "—"}


def test_a_month_is_closed_up_to_and_including_closed_through(contract):
    contract.closed_through = None
    assert not contract.is_closed(Month(2018, 9))  # nothing closed yet
    contract.closed_through = Month(2018, 9).first_day
    assert contract.is_closed(Month(2018, 9)) and contract.is_closed(Month(2017, 4))
    assert not contract.is_closed(Month(2018, 10))
