"""The KPI page and the KPI list."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kpis.models import KPI, KPITarget, Mitigation
from kpis.recompute import recompute_statuses
from tests.factories import (
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MitigationFactory,
    ServiceAreaFactory,
    UserFactory,
)

from .kpi_helpers import kpi_data, text, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]


# The KPI page -----------------------------------------------------------------------


def test_the_kpi_page_shows_definition_targets_months_and_history(
    client, contract, kpi, officer, manager
):
    KPIFigureFactory(
        kpi=kpi,
        period=date(2018, 8, 1),
        value=Decimal("96.25"),
        approved_by=manager,
        commentary="Steady month",
    )
    KPIFigureFactory(kpi=kpi, period=date(2018, 10, 1), value=Decimal("91"), state="submitted")
    recompute_statuses(contract=contract)
    client.force_login(officer)
    content = text(client.get(kpi.get_absolute_url()))
    assert "IMT_KPI_01 Incidents fixed" in content
    assert "From 0 to 100" in content  # a percent's default range
    assert "Target versions" in content and "95.00%" in content
    months = content.split("Month by month", 1)[1].split("</table>", 1)[0]
    assert (
        months.index("October 2018") < months.index("September 2018") < months.index("August 2018")
    )
    # A compact table: each month heads its row, tags are bare (styled by .app-compact).
    assert "app-compact" in months and '<th scope="row">August 2018</th>' in months
    assert '<b class="c-green">Green</b>' in months
    assert '<b class="c-purple">Missing</b>' in months  # September
    assert '<b class="c-light-blue">Submitted</b>' in months  # October's figure
    assert "Steady month" in months and "96.25%" in months
    assert manager.get_full_name() in months
    history = content.split("Change history", 1)[1]
    assert "Figure for August 2018" in history
    assert "Edit the definition" not in content  # officers read it


def test_the_kpi_page_gives_managers_their_actions(client, contract, kpi, manager, officer):
    approved = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1), approved_by=manager)
    correct = url("figure_correct", contract, approved.pk)
    client.force_login(manager)
    content = client.get(kpi.get_absolute_url()).content.decode()
    for name in ("edit", "target_create", "mitigation_create"):
        assert url(name, contract, kpi.code) in content
    months = content.split("Month by month", 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Actions</th>' in months
    assert (
        f'<a class="govuk-link" href="{correct}">Correct<span class="govuk-visually-hidden">'
        f" {kpi.code} for August 2018</span></a>" in months
    )
    client.force_login(officer)
    months = client.get(kpi.get_absolute_url()).content.decode().split("Month by month", 1)[1]
    assert "Actions" not in months.split("</table>", 1)[0] and correct not in months


def test_a_kpi_code_is_found_whatever_its_case(client, contract, kpi, officer):
    client.force_login(officer)
    assert client.get(url("detail", contract, "imt_kpi_01")).status_code == 200
    assert client.get(url("detail", contract, "NOPE")).status_code == 404


# The KPI list -----------------------------------------------------------------------


@pytest.fixture
def catalogue(contract, imt):
    csc = contract.service_areas.get(name="Customer Service Centre")
    KPITargetFactory(
        kpi=KPIFactory(
            contract=contract, service_area=imt, code="IMT_KPI_01", name="Incidents fixed"
        ),
        target=Decimal("95"),
        minimum=Decimal("90"),
    )
    KPIFactory(
        contract=contract,
        service_area=imt,
        code="IMT_KPI_08",
        unit="yes_no",
        frequency="quarterly",
        name="Continuity plan tested",
    )
    KPIFactory(
        contract=contract,
        service_area=csc,
        code="CSC_KPI_04",
        name="Abandoned calls",
        polarity="lower",
        contractual=False,
    )


def listed_codes(response):
    return [c for c in ("CSC_KPI_04", "IMT_KPI_01", "IMT_KPI_08") if c in response.content.decode()]


@pytest.mark.parametrize(
    ("filters", "codes"),
    [
        ({}, ["CSC_KPI_04", "IMT_KPI_01", "IMT_KPI_08"]),
        ({"unit": "yes_no"}, ["IMT_KPI_08"]),
        ({"frequency": "quarterly"}, ["IMT_KPI_08"]),
        ({"contractual": "no"}, ["CSC_KPI_04"]),
        ({"contractual": "yes"}, ["IMT_KPI_01", "IMT_KPI_08"]),
        ({"q": "calls"}, ["CSC_KPI_04"]),
        ({"q": "imt_kpi_0"}, ["IMT_KPI_01", "IMT_KPI_08"]),
    ],
)
def test_the_kpi_list_filters(client, contract, catalogue, officer, filters, codes):
    client.force_login(officer)
    assert listed_codes(client.get(url("list", contract), filters)) == codes


def test_the_kpi_list_filters_by_service_area(client, contract, catalogue, imt, officer):
    client.force_login(officer)
    response = client.get(url("list", contract), {"service_area": imt.pk})
    assert listed_codes(response) == ["IMT_KPI_01", "IMT_KPI_08"]


def test_the_kpi_list_exports_what_is_shown(client, contract, catalogue, imt, officer):
    client.force_login(officer)
    response = client.get(url("list", contract), {"service_area": imt.pk, "export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="CSSC-kpis.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Code",
        "Name",
        "Service area",
        "Unit",
        "Frequency",
        "Contractual",
        "Latest target",
        "Live from",
        "Retired from",
    ]
    assert rows[1] == [
        "IMT_KPI_01",
        "Incidents fixed",
        "IMT",
        "Percent",
        "Monthly",
        "Yes",
        "Target 95.00%, minimum 90.00% (from Apr 2017)",
        "April 2017",
        None,
    ]
    assert [row[0] for row in rows[1:]] == ["IMT_KPI_01", "IMT_KPI_08"]

    response = client.get(url("list", contract), {"unit": "yes_no", "export": "csv"})
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert [row[0] for row in reader] == ["Code", "IMT_KPI_08"]


def test_only_managers_define_kpis_targets_and_mitigations(
    client, contract, kpi, imt, officer, board_member
):
    mitigation = MitigationFactory(kpi=kpi)
    pages = [
        url("create", contract),
        url("edit", contract, kpi.code),
        url("target_create", contract, kpi.code),
        url("mitigation_create", contract, kpi.code),
        url("mitigation_end", contract, mitigation.pk),
    ]
    data = kpi_data(imt) | {
        "effective_from": "2018-10",
        "target": "1",
        "start": "2019-01",
        "end": "2019-01",
        "reason": "x",
        "agreed_by": "x",
        "agreed_on": "2018-10-01",
    }
    for user in (officer, board_member):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 403, page
            assert client.post(page, data).status_code == 403, page
    assert KPI.objects.count() == 1
    assert KPITarget.objects.count() == 1
    assert Mitigation.objects.get().end is None


@pytest.mark.parametrize("count", [5, 50])
def test_the_kpi_list_and_page_queries_do_not_grow_with_kpis(
    client, contract, manager, count, django_assert_max_num_queries
):
    areas = [ServiceAreaFactory(contract=contract) for _ in range(5)]
    kpis = []
    for i in range(count):
        kpi = KPIFactory(contract=contract, service_area=areas[i % 5])
        KPITargetFactory(kpi=kpi)
        KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1))
        kpis.append(kpi)
    MitigationFactory(kpi=kpis[0])
    recompute_statuses(contract=contract)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(url("list", contract)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("list", contract), {"export": "xlsx"}).status_code == 200
    # 21: one of them asks whether any board resolution or action is linked to the KPI;
    # the history, read a page at a time, counts, finds the page, then reads each kind of
    # record (and the service areas' names, which its creation names).
    with django_assert_max_num_queries(21):
        assert client.get(kpis[0].get_absolute_url()).status_code == 200


def test_a_yes_no_kpis_target_is_always_yes(client, contract, imt, manager):
    kpi = KPIFactory(
        contract=contract, service_area=imt, unit="yes_no", live_from=date(2018, 10, 1)
    )
    client.force_login(manager)
    target_url = url("target_create", contract, kpi.code)
    assert "its target is always yes" in client.get(target_url).content.decode()
    assert client.post(target_url, {"effective_from": "2018-10"}).status_code == 302
    assert (kpi.targets.get().target, kpi.targets.get().minimum) == (Decimal(1), None)


@pytest.mark.parametrize(
    ("model", "editable"),
    [
        ("kpi", True),
        ("kpitarget", True),
        ("kpifigure", True),
        ("mitigation", True),
        ("kpimonthstatus", False),
        ("contractperiodsummary", False),
        ("recomputerun", False),
        ("reminderlog", False),
    ],
)
def test_the_admin_lists_every_kpis_model_and_derived_rows_are_read_only(client, model, editable):
    figure = KPIFigureFactory()
    recompute_statuses(contract=figure.kpi.contract)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"/admin/kpis/{model}/").status_code == 200
    assert client.get(f"/admin/kpis/{model}/add/").status_code == (200 if editable else 403)
