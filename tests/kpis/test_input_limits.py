"""Numbers the columns cannot hold and months out of range are refused with a message
naming the field or row, on every path (issue 10, item 10)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.choices import Role
from kpis.importing import read_table, validate_kpis, validate_returns
from kpis.models import KPI, KPIFigure
from kpis.values import InvalidValue, parse_number
from tests.factories import KPIFactory, KPITargetFactory, MitigationFactory
from tests.kpis.spreadsheets import RETURN_HEADER, write_csv
from tests.kpis.views_helpers import (
    field_error,
    return_url,
    row_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
TOO_BIG = "Enter a number between -999,999,999,999,999,999 and 999,999,999,999,999,999"
OUT_OF_RANGE = "use one from January 1990 to December 2100"


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(
        contract=contract, service_area=contract.service_areas.first(), code="CALLS", unit="number"
    )
    KPITargetFactory(kpi=kpi, target=Decimal(5), minimum=None)
    return kpi


@pytest.mark.parametrize(
    "number", ["1000000000000000000", "-1e18", "99999999999999999999", 10**18, 1e18]
)
def test_parse_number_refuses_what_the_column_cannot_hold(number):
    with pytest.raises(InvalidValue, match=TOO_BIG):
        parse_number(number)


def test_parse_number_accepts_the_largest_the_column_holds():
    assert parse_number("999,999,999,999,999,999.999999") == Decimal("999999999999999999.999999")


@pytest.mark.parametrize("field", ["value", "numerator", "denominator"])
def test_return_form_refuses_a_huge_number_naming_the_field(client, contract, kpi, member, field):
    client.force_login(member(contract, Role.OFFICER))
    values = {"value": "5", field: "1000000000000000000"}
    data = {"action": "draft", **row_data(kpi, **values)}
    response = client.post(return_url(contract, "2018-10"), data)
    assert response.status_code == 200
    assert field_error(response.content.decode(), f"id_kpi-{kpi.pk}-{field}").endswith(TOO_BIG)
    assert not KPIFigure.objects.exists()


def returns_file(tmp_path, *rows):
    path = write_csv(tmp_path / "return.csv", [RETURN_HEADER, *rows])
    with open(path, "rb") as file_obj:
        return read_table(file_obj, path.name)


def test_returns_importer_names_the_row_of_a_huge_number_or_a_month_out_of_range(
    contract, kpi, tmp_path
):
    from core.periods import Month

    table = returns_file(
        tmp_path,
        ["CALLS", "2018-10", "1000000000000000000", ""],
        ["CALLS", "0000-01", "5", ""],
        ["CALLS", "9999-12", "5", ""],
    )
    result = validate_returns(contract=contract, table=table, today_month=Month(2018, 10))
    errors = [str(error) for error in result.errors]
    assert errors[0] == f"row 2: value: {TOO_BIG}"
    assert errors[1].startswith("row 3: period: 0000-01 is not a month Oversight accepts")
    assert errors[2].startswith("row 4: period: 9999-12 is not a month Oversight accepts")


def test_definitions_importer_names_the_row_of_a_huge_target_or_a_month_out_of_range(
    contract, tmp_path
):
    header = ["code", "name", "service_area", "unit", "polarity", "frequency", "target"]
    rows = [
        [
            "BIG",
            "Calls",
            "IMT",
            "number",
            "higher",
            "monthly",
            "1000000000000000000",
            "",
            "2018-10",
        ],
        ["OLD", "Calls", "IMT", "number", "higher", "monthly", "5", "", "0001-04"],
    ]
    path = write_csv(tmp_path / "kpis.csv", [header + ["minimum", "effective_from"], *rows])
    with open(path, "rb") as file_obj:
        result = validate_kpis(contract=contract, table=read_table(file_obj, path.name))
    errors = [str(error) for error in result.errors]
    assert errors[0] == f"row 2: target: {TOO_BIG}"
    assert errors[1].startswith("row 3: effective_from: 0001-04 is not a month Oversight accepts")


def test_kpi_form_refuses_a_kpi_live_from_year_1(client, contract, manager):
    client.force_login(manager)
    data = {
        "code": "CALLS_2",
        "name": "Calls",
        "service_area": contract.service_areas.first().pk,
        "unit": "number",
        "polarity": "higher",
        "frequency": "monthly",
        "decimal_places": "0",
        "live_from": "0001-04",
    }
    response = client.post(reverse("kpis:create", args=[contract.reference]), data)
    assert OUT_OF_RANGE in field_error(response.content.decode(), "id_live_from")
    assert not KPI.objects.filter(code="CALLS_2").exists()


def test_ending_a_mitigation_at_9999_12_is_refused_with_a_message(client, contract, kpi, manager):
    mitigation = MitigationFactory(kpi=kpi, start=date(2018, 4, 1), end=date(2018, 6, 1))
    client.force_login(manager)
    response = client.post(
        reverse("kpis:mitigation_end", args=[contract.reference, mitigation.pk]), {"end": "9999-12"}
    )
    assert OUT_OF_RANGE in field_error(response.content.decode(), "id_end")
    mitigation.refresh_from_db()
    assert mitigation.end == date(2018, 6, 1)


@pytest.mark.parametrize("period", ["0000-01", "9999-12", "1989-12"])
def test_an_address_with_a_month_out_of_range_is_not_found(client, contract, kpi, manager, period):
    client.force_login(manager)
    assert client.get(return_url(contract, period)).status_code == 404


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_a_query_string_month_out_of_range_gets_a_message(client, contract, kpi, manager, month):
    client.force_login(manager)
    dashboard = client.get(
        reverse("contract_dashboard", args=[contract.reference]),
        {"range": "custom", "from": month, "to": "2018-09"},
    )
    assert dashboard.status_code == 200
    assert OUT_OF_RANGE in dashboard.content.decode()
    returns = client.get(reverse("kpis:returns", args=[contract.reference]), {"month": month})
    assert returns.status_code == 200
    assert OUT_OF_RANGE in returns.content.decode()
