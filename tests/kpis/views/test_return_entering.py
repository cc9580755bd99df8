"""Entering figures on the monthly return page."""

import re
from decimal import Decimal

import pytest

from kpis.models import KPIFigure
from tests.factories import KPIFactory, KPIFigureFactory
from tests.kpis.views_helpers import (
    field_error,
    input_value,
    return_url,
    row_data,
    summary_links,
)

from .return_helpers import OCTOBER, figures, post_return

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]


# Entering figures ------------------------------------------------------------------


def test_an_officer_sees_every_kpi_due_grouped_by_service_area(client, contract, kpis, officer):
    client.force_login(officer)
    response = client.get(return_url(contract, "2018-10"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "IMT_KPI_01 Incidents fixed" in content
    assert "CSC_KPI_04 Abandoned calls" in content
    assert content.index('<h2 class="govuk-heading-m">IMT</h2>') > 0
    assert "Target 95.00%, minimum 90.00%" in content
    assert 'inputmode="decimal"' in content
    assert "Save as draft" in content and "Submit for approval" in content


def test_saving_as_draft_then_submitting(client, contract, kpis, officer):
    client.force_login(officer)
    response = post_return(
        client,
        contract,
        "2018-10",
        row_data(
            kpis.imt, value="96.5", commentary="All resolved", numerator="193", denominator="200"
        ),
        row_data(kpis.csc),
    )
    assert response.status_code == 302
    figure = KPIFigure.objects.get(kpi=kpis.imt, period=OCTOBER)
    assert (figure.value, figure.state, figure.entered_by) == (Decimal("96.5"), "draft", officer)
    assert (figure.numerator, figure.denominator) == (Decimal(193), Decimal(200))
    assert not KPIFigure.objects.filter(kpi=kpis.csc).exists()  # left blank: not saved
    content = client.get(response["Location"]).content.decode()
    assert "1 figure saved as draft." in content
    assert input_value(content, f"kpi-{kpis.imt.pk}-value") == "96.5"

    response = post_return(
        client,
        contract,
        "2018-10",
        row_data(
            kpis.imt,
            value="96.5",
            commentary="All resolved",
            numerator="193",
            denominator="200",
            version=str(figure.version),
        ),
        row_data(kpis.csc, value="4.2"),
        action="submit",
    )
    assert response.status_code == 302
    saved = {f.kpi.code: f for f in KPIFigure.objects.filter(period=OCTOBER)}
    assert saved["IMT_KPI_01"].state == saved["CSC_KPI_04"].state == "submitted"
    assert saved["IMT_KPI_01"].submitted_by == officer
    assert "2 figures submitted for approval." in client.get(response["Location"]).content.decode()


def test_saving_an_unchanged_return_changes_nothing(client, contract, kpis, officer):
    commentary = "Imported as written:\nsecond line  "
    figure = KPIFigureFactory(
        kpi=kpis.imt, period=OCTOBER, value=Decimal("96.00"), state="draft", commentary=commentary
    )
    client.force_login(officer)
    page = client.get(return_url(contract, "2018-10")).content.decode()
    assert input_value(page, f"kpi-{kpis.imt.pk}-commentary") == commentary.strip()
    before = figures()
    typed = row_data(
        kpis.imt,
        value="96",
        commentary=commentary.replace("\n", "\r\n"),  # as a browser sends it
        version=str(figure.version),
    )
    response = post_return(client, contract, "2018-10", typed)
    assert response.status_code == 302
    assert figures() == before
    assert "Nothing to save" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("kpi_options", "typed", "message"),
    [
        ({}, "ninety", "IMT_KPI_01: “ninety” is not a number"),
        ({}, "101", "IMT_KPI_01: Must be 100 or less"),
        ({}, "-0.5", "IMT_KPI_01: Must be 0 or more"),
        ({"unit": "number", "max_value": Decimal("10")}, "11", "IMT_KPI_01: Must be 10 or less"),
        ({"min_value": Decimal("-50")}, "-20", None),  # a “% reduction” may be negative
        ({"unit": "days"}, "-3", None),  # no range unless the KPI sets one
        ({"unit": "yes_no"}, "maybe", "IMT_KPI_01: Enter yes or no"),
        ({"unit": "yes_no"}, "yes", None),
    ],
)
def test_each_bad_value_is_named_next_to_its_field(
    client, contract, areas, officer, kpi_options, typed, message
):
    kpi = KPIFactory(contract=contract, service_area=areas.imt, code="IMT_KPI_01", **kpi_options)
    client.force_login(officer)
    response = post_return(client, contract, "2018-10", row_data(kpi, value=typed))
    if message is None:
        assert response.status_code == 302
        return
    content = response.content.decode()
    field_id = f"id_kpi-{kpi.pk}-value"
    assert response.status_code == 200
    assert field_error(content, field_id) == message
    assert summary_links(content) == {field_id: message}
    assert not KPIFigure.objects.exists()


def test_a_yes_no_kpi_is_entered_with_a_yes_or_no_choice(client, contract, areas, officer):
    kpi = KPIFactory(contract=contract, service_area=areas.imt, unit="yes_no")
    client.force_login(officer)
    content = client.get(return_url(contract, "2018-10")).content.decode()
    assert f'<select name="kpi-{kpi.pk}-value"' in content
    assert '<option value="yes">Yes</option>' in content
    post_return(client, contract, "2018-10", row_data(kpi, value="no"))
    assert KPIFigure.objects.get(kpi=kpi).value == 0


def test_a_numerator_above_its_denominator_is_refused(client, contract, kpis, officer):
    client.force_login(officer)
    response = post_return(
        client,
        contract,
        "2018-10",
        row_data(kpis.imt, value="90", numerator="30", denominator="20"),
    )
    field_id = f"id_kpi-{kpis.imt.pk}-numerator"
    message = "IMT_KPI_01: The numerator cannot be above the denominator."
    assert field_error(response.content.decode(), field_id) == message
    assert summary_links(response.content.decode()) == {field_id: message}


@pytest.mark.parametrize("other", [{"commentary": "Late"}, {"numerator": "0"}])
def test_anything_typed_without_a_value_asks_for_the_value(client, contract, kpis, officer, other):
    client.force_login(officer)
    response = post_return(client, contract, "2018-10", row_data(kpis.imt, **other))
    assert field_error(response.content.decode(), f"id_kpi-{kpis.imt.pk}-value") == (
        "Enter a value for IMT_KPI_01."
    )


def test_a_month_in_the_future_is_refused_next_to_the_field(client, contract, kpis, officer):
    client.force_login(officer)
    page = client.get(return_url(contract, "2018-11"))
    assert page.status_code == 200
    assert "November 2018 has not started yet" in page.content.decode()
    assert "Save as draft" not in page.content.decode()

    response = post_return(client, contract, "2018-11", row_data(kpis.imt, value="96"))
    assert field_error(response.content.decode(), f"id_kpi-{kpis.imt.pk}-value") == (
        "IMT_KPI_01: November 2018 is in the future."
    )
    assert not KPIFigure.objects.exists()


def test_a_month_before_the_kpi_is_live_is_refused_next_to_the_field(
    client, contract, areas, officer
):
    kpi = KPIFactory(
        contract=contract, service_area=areas.imt, code="IMT_KPI_09", live_from=OCTOBER
    )
    client.force_login(officer)
    assert f"kpi-{kpi.pk}-value" not in client.get(return_url(contract, "2018-09")).content.decode()
    # Posted anyway (the page was opened before the KPI's live month was changed):
    response = post_return(client, contract, "2018-09", row_data(kpi, value="96"))
    assert field_error(response.content.decode(), f"id_kpi-{kpi.pk}-value") == (
        "IMT_KPI_09 is not live until October 2018."
    )
    assert not KPIFigure.objects.exists()


def test_a_quarterly_kpi_outside_its_reporting_month_is_refused(client, contract, areas, officer):
    kpi = KPIFactory(
        contract=contract, service_area=areas.imt, code="IMT_KPI_08", frequency="quarterly"
    )
    client.force_login(officer)
    assert f"kpi-{kpi.pk}-value" in client.get(return_url(contract, "2018-09")).content.decode()
    assert f"kpi-{kpi.pk}-value" not in client.get(return_url(contract, "2018-08")).content.decode()
    response = post_return(client, contract, "2018-08", row_data(kpi, value="96"))
    assert field_error(response.content.decode(), f"id_kpi-{kpi.pk}-value") == (
        "IMT_KPI_08 is reported quarterly, in June, September, December and March."
    )
    assert not KPIFigure.objects.exists()


def test_a_bad_return_saves_nothing_and_shows_everything_typed(client, contract, kpis, officer):
    figure = KPIFigureFactory(kpi=kpis.imt, period=OCTOBER, value=Decimal("91"), state="draft")
    client.force_login(officer)
    before = figures()
    response = post_return(
        client,
        contract,
        "2018-10",
        row_data(
            kpis.imt,
            value="97",
            commentary="Recovered after the outage",
            version=str(figure.version),
        ),
        row_data(kpis.csc, value="lots", commentary="Phones down <all day>"),
        action="submit",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert figures() == before
    assert "There is a problem: nothing was saved" in content
    assert input_value(content, f"kpi-{kpis.imt.pk}-value") == "97"
    assert input_value(content, f"kpi-{kpis.imt.pk}-commentary") == "Recovered after the outage"
    assert input_value(content, f"kpi-{kpis.csc.pk}-value") == "lots"
    assert input_value(content, f"kpi-{kpis.csc.pk}-commentary") == "Phones down <all day>"


def test_a_month_with_nothing_due_says_so(client, contract, kpis, officer):
    client.force_login(officer)
    content = client.get(return_url(contract, "2016-01")).content.decode()
    assert "Nothing is due for January 2016." in content
    assert "Save as draft" not in content


def test_a_month_that_does_not_exist_is_not_found(client, contract, officer):
    client.force_login(officer)
    assert client.get(f"/contracts/{contract.reference}/returns/2018-13/").status_code == 404


def test_a_return_field_keeps_its_label_hint_error_and_typed_value(client, contract, kpis, officer):
    client.force_login(officer)
    typed = {**row_data(kpis.imt, value='9<"x', commentary="Line <1>\nLine 2", version="")}
    content = post_return(client, contract, "2018-09", typed).content.decode()
    prefix = f"id_kpi-{kpis.imt.pk}"
    value_input = re.search(rf'<input[^>]*id="{prefix}-value"[^>]*>', content).group(0)
    assert f'aria-describedby="{prefix}-value-hint {prefix}-value-error"' in value_input
    assert 'aria-invalid="true"' in value_input
    assert "govuk-input--error" in value_input
    assert input_value(content, f"kpi-{kpis.imt.pk}-value") == '9<"x'
    assert input_value(content, f"kpi-{kpis.imt.pk}-commentary") == "Line <1>\nLine 2"
    assert field_error(content, f"{prefix}-value").startswith("IMT_KPI_01")
    label = re.search(rf'<label class="govuk-label" for="{prefix}-value">(.*?)</label>', content)
    assert re.sub(r"<[^>]+>", "", label.group(1)) == "Value for IMT_KPI_01"
    assert f'<div id="{prefix}-value-hint" class="govuk-hint">' in content
    assert re.search(rf'<label class="govuk-label" for="{prefix}-numerator">Numerator', content)
    assert "(optional)</label>" in content
    assert f'<input type="hidden" name="kpi-{kpis.imt.pk}-version"' in content
