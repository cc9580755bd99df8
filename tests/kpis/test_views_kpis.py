import csv
import html
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
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
from tests.kpis.views_helpers import (
    field_error,
    summary_links,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]


@pytest.fixture
def imt(contract):
    return contract.service_areas.get(name="IMT")


@pytest.fixture
def kpi(contract, imt):
    kpi = KPIFactory(contract=contract, service_area=imt, code="IMT_KPI_01", name="Incidents fixed")
    KPITargetFactory(kpi=kpi, effective_from=date(2017, 4, 1), target=Decimal("95"), minimum=None)
    return kpi


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def text(response) -> str:
    return html.unescape(response.content.decode())


# Defining KPIs ----------------------------------------------------------------------


def kpi_data(area, **overrides):
    data = {
        "code": "csc_kpi_07",
        "name": "Calls answered within 60 seconds",
        "description": "",
        "service_area": area.pk,
        "unit": "percent",
        "polarity": "higher",
        "frequency": "monthly",
        "contractual": "on",
        "min_value": "",
        "max_value": "",
        "decimal_places": "1",
        "live_from": "2018-10",
        "retired_from": "",
    }
    return data | overrides


def test_a_manager_adds_a_kpi_then_its_target(client, contract, imt, manager):
    client.force_login(manager)
    response = client.post(url("create", contract), kpi_data(imt))
    kpi = KPI.objects.get(contract=contract, code="CSC_KPI_07")
    assert response["Location"] == url("target_create", contract, "CSC_KPI_07")
    assert (kpi.live_from, kpi.decimal_places, kpi.contractual) == (date(2018, 10, 1), 1, True)
    page = client.get(response["Location"])
    assert 'value="2018-10"' in page.content.decode()  # its first month is suggested


def test_a_kpi_form_names_each_problem(client, contract, kpi, imt, manager):
    client.force_login(manager)
    response = client.post(
        url("create", contract),
        kpi_data(
            imt,
            code="imt_kpi_01",
            live_from="October",
            min_value="10",
            max_value="5",
        ),
    )
    content = response.content.decode()
    assert field_error(content, "id_code") == "IMT_KPI_01 is already a KPI of this contract."
    assert field_error(content, "id_live_from") == (
        "Enter the month as YYYY-MM. For example, 2018-09"
    )
    assert field_error(content, "id_max_value") == "The highest value must not be below the lowest."
    assert set(summary_links(content)) == {"id_code", "id_live_from", "id_max_value"}
    assert KPI.objects.count() == 1


def test_a_code_with_a_slash_is_refused(client, contract, imt, manager):
    client.force_login(manager)
    response = client.post(url("create", contract), kpi_data(imt, code="A/B"))
    assert field_error(response.content.decode(), "id_code").startswith("Use up to 40 letters")


def test_editing_a_kpi_keeps_its_code(client, contract, kpi, imt, manager):
    client.force_login(manager)
    data = kpi_data(imt, code="CHANGED", name="Incidents resolved", live_from="2017-04")
    data["version"] = kpi.version
    response = client.post(url("edit", contract, kpi.code), data)
    assert response["Location"] == kpi.get_absolute_url()
    kpi.refresh_from_db()
    assert (kpi.code, kpi.name) == ("IMT_KPI_01", "Incidents resolved")


def test_target_version_in_a_closed_month_needs_a_variation_reference(
    client, contract, kpi, manager
):
    client.force_login(manager)
    target_url = url("target_create", contract, kpi.code)
    response = client.post(
        target_url, {"effective_from": "2018-06", "target": "97", "minimum": "93"}
    )
    assert field_error(response.content.decode(), "id_variation_reference") == (
        "June 2018 is closed: give the contract variation that allows changing its target."
    )
    assert kpi.targets.count() == 1

    response = client.post(
        target_url,
        {
            "effective_from": "2018-06",
            "target": "97",
            "minimum": "93",
            "variation_reference": "CV-12",
        },
    )
    assert response.status_code == 302
    version = kpi.targets.get(effective_from=date(2018, 6, 1))
    assert (version.target, version.minimum, version.variation_reference) == (
        Decimal("97"),
        Decimal("93"),
        "CV-12",
    )


def test_target_version_in_an_open_month_and_its_checks(client, contract, kpi, manager):
    client.force_login(manager)
    target_url = url("target_create", contract, kpi.code)
    response = client.post(
        target_url, {"effective_from": "2018-10", "target": "90", "minimum": "95"}
    )
    assert field_error(response.content.decode(), "id_minimum") == (
        "The minimum must be at or below the target (it is on the worse side)."
    )
    response = client.post(target_url, {"effective_from": "2018-10", "target": "120"})
    assert field_error(response.content.decode(), "id_target") == "Must be 100 or less"
    response = client.post(target_url, {"effective_from": "2018-10", "target": "97.5"})
    assert response.status_code == 302
    assert kpi.targets.latest("effective_from").target == Decimal("97.5")


def test_mitigations_of_a_kpi_never_overlap(client, contract, kpi, manager):
    MitigationFactory(kpi=kpi, start=date(2018, 4, 1), end=date(2018, 6, 1))
    client.force_login(manager)
    data = {
        "start": "2018-06",
        "end": "",
        "reason": "Agresso and Mosaic are not integrated",
        "agreed_by": "Partnership Board",
        "agreed_on": "2018-07-20",
    }
    response = client.post(url("mitigation_create", contract, kpi.code), data)
    assert field_error(response.content.decode(), "id_start") == (
        "This overlaps another mitigation of the same KPI."
    )
    assert kpi.mitigations.count() == 1
    response = client.post(
        url("mitigation_create", contract, kpi.code), data | {"start": "2018-07"}
    )
    assert response.status_code == 302
    created = kpi.mitigations.get(start=date(2018, 7, 1))
    assert (created.end, created.agreed_by, created.recorded_by) == (
        None,
        "Partnership Board",
        manager,
    )


def test_ending_a_mitigation_and_the_months_it_then_covers(
    client, contract, kpi, manager, django_capture_on_commit_callbacks
):
    for month, value in [(7, "80"), (8, "80"), (9, "80")]:
        KPIFigureFactory(kpi=kpi, period=date(2018, month, 1), value=Decimal(value))
    mitigation = MitigationFactory(kpi=kpi, start=date(2018, 7, 1))
    recompute_statuses(contract=contract)
    client.force_login(manager)
    page = client.get(kpi.get_absolute_url()).content.decode()
    end_url = url("mitigation_end", contract, mitigation.pk)
    assert end_url in page
    assert page.count("In mitigation — red") == 3

    response = client.post(end_url, {"end": "2018-06", "version": 1})
    assert field_error(response.content.decode(), "id_end") == (
        "The last month covered must not be before the first."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(end_url, {"end": "2018-08", "version": 1})
    assert response["Location"] == kpi.get_absolute_url()
    mitigation.refresh_from_db()
    assert mitigation.end == date(2018, 8, 1)
    page = client.get(kpi.get_absolute_url()).content.decode()
    assert page.count("In mitigation — red") == 2
    assert end_url not in page  # ended: nothing left to end


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
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in months
    assert '<strong class="govuk-tag govuk-tag--purple">Missing</strong>' in months  # September
    assert "Steady month" in months and "96.25%" in months
    assert manager.get_full_name() in months
    history = content.split("Change history", 1)[1]
    assert "Figure for August 2018" in history
    assert "Edit the definition" not in content  # officers read it


def test_the_kpi_page_gives_managers_their_actions(client, contract, kpi, manager):
    client.force_login(manager)
    content = client.get(kpi.get_absolute_url()).content.decode()
    for name in ("edit", "target_create", "mitigation_create"):
        assert url(name, contract, kpi.code) in content


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
    with django_assert_max_num_queries(13):
        assert client.get(url("list", contract)).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(url("list", contract), {"export": "xlsx"}).status_code == 200
    # 20: one of them lists the board resolutions and actions linked to the KPI.
    with django_assert_max_num_queries(20):
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
