"""Defining KPIs and their targets and mitigations through the pages."""

from datetime import date
from decimal import Decimal

import pytest

from kpis.models import KPI
from kpis.recompute import recompute_statuses
from tests.factories import (
    KPIFigureFactory,
    MitigationFactory,
)
from tests.kpis.views_helpers import (
    field_error,
    summary_links,
)

from .kpi_helpers import kpi_data, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]


# Defining KPIs ----------------------------------------------------------------------


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
