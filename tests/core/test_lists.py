"""The generic list page, declared here over contracts as any app declares one."""

import csv
import io
import re

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from contracts.choices import ContractStatus, Role
from contracts.filters import ContractFilter
from contracts.models import Contract
from contracts.tables import ContractTable
from core.lists import ObjectListView
from tests.factories import ContractFactory, MembershipFactory, UserFactory

ROW_REFERENCE = re.compile(r'<td ?[^>]*><a href="/contracts/[^/]+/">([^<]+)</a></td>')


class ContractPage(ObjectListView):
    filterset = ContractFilter
    table = ContractTable
    template_name = "core/object_list.html"
    title = "Listed contracts"
    export_name = "listed"
    per_page = 2

    def queryset(self, request):
        return Contract.objects.visible_to(request.user).select_related("supplier")


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", groups=["Administrators"])


@pytest.fixture
def contracts(db):
    for reference, status in [("C3", "live"), ("C1", "live"), ("C4", "ended"), ("C2", "live")]:
        ContractFactory(reference=reference, title=f"Title {reference}", status=status)


def get(user, view=None, **params):
    request = RequestFactory().get("/listed/", params)
    request.user = user
    return (view or ContractPage.as_view())(request)


def shown(response) -> list[str]:
    return ROW_REFERENCE.findall(response.content.decode())


def exported_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_object_list_shows_the_title_filter_form_table_and_downloads(administrator, contracts):
    page = get(administrator).content.decode()
    assert "<title>Listed contracts – Oversight</title>" in page
    assert '<h1 class="govuk-heading-l">Listed contracts</h1>' in page
    assert 'aria-label="Filter"' in page and 'name="status"' in page
    assert "Download what is shown" in page


def test_object_list_filters_by_the_query_string(administrator, contracts):
    assert shown(get(administrator, status=ContractStatus.ENDED)) == ["C4"]
    assert shown(get(administrator, q="c2")) == ["C2"]


def test_object_list_sorts_and_pages_by_the_query_string(administrator, contracts):
    assert shown(get(administrator)) == ["C1", "C2"]
    assert shown(get(administrator, page=2)) == ["C3", "C4"]
    assert shown(get(administrator, sort="-reference")) == ["C4", "C3"]


@pytest.mark.parametrize("sort", ["reference", "-reference"])
def test_object_list_exports_every_row_the_table_shows_in_its_order(administrator, contracts, sort):
    filters = {"status": ContractStatus.LIVE, "sort": sort}
    on_screen = shown(get(administrator, **filters)) + shown(get(administrator, page=2, **filters))
    response = get(administrator, export="csv", **filters)
    assert response["Content-Disposition"] == 'attachment; filename="listed.csv"'
    rows = exported_csv(response)
    assert rows[0] == ["Reference", "Title", "Supplier", "Authority", "Status", "Start", "End"]
    assert [row[0] for row in rows[1:]] == on_screen
    assert rows[1][4] == "Live"  # the word on the tag, not its markup

    response = get(administrator, export="xlsx", **filters)
    assert response["Content-Disposition"] == 'attachment; filename="listed.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [["" if v is None else str(v) for v in row] for row in sheet.values] == rows


def test_object_list_exports_through_the_formula_guard(administrator, contracts):
    ContractFactory(reference="C0", title="=HYPERLINK(1)")
    rows = exported_csv(get(administrator, export="csv", q="C0"))
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_object_list_without_an_export_name_offers_no_download(administrator, contracts):
    view = ContractPage.as_view(export_name="")
    response = get(administrator, view, export="csv")
    assert response["Content-Type"].startswith("text/html")
    assert "Download what is shown" not in response.content.decode()


def test_object_list_shows_only_what_the_scoping_callable_returns(contracts, contract):
    officer = UserFactory()
    MembershipFactory(user=officer, contract=contract, role=Role.OFFICER)
    assert shown(get(officer)) == ["CSSC"]
    assert [row[0] for row in exported_csv(get(officer, export="csv"))[1:]] == ["CSSC"]

    seen = []

    def scoped(request):
        seen.append(request.user)
        return Contract.objects.filter(reference="C2")

    assert shown(get(officer, ContractPage.as_view(queryset=scoped))) == ["C2"]
    assert seen == [officer]


def test_object_list_refuses_writes(administrator):
    request = RequestFactory().post("/listed/")
    request.user = administrator
    assert ContractPage.as_view()(request).status_code == 405


def test_object_list_query_count_does_not_grow_with_rows(
    administrator, contracts, django_assert_max_num_queries
):
    view = ContractPage.as_view(per_page=100)
    with django_assert_max_num_queries(8) as few:
        get(administrator, view)
        get(administrator, view, export="csv")
    ContractFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        get(administrator, view)
        get(administrator, view, export="csv")
