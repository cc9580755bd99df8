"""Importing KPI definitions and their target versions."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.models import ServiceArea
from kpis.importing import (
    ImportRefused,
    commit_kpis,
    validate_kpis,
)
from kpis.importing.definitions import KPI_COLUMNS
from kpis.models import KPI, KPITarget
from tests.factories import KPIFactory, KPITargetFactory

from ..spreadsheets import write_csv
from .helpers import errors, table

pytestmark = pytest.mark.django_db
D = Decimal


# KPI definitions ---------------------------------------------------------------------

KPI_HEADER = list(KPI_COLUMNS)


def kpi_file(tmp_path, rows, header=KPI_HEADER):
    return write_csv(tmp_path / "kpis.csv", [header, *rows])


def import_definitions(contract, path):
    return commit_kpis(validate_kpis(contract=contract, table=table(path)))


@pytest.fixture
def open_contract(contract):
    """Nothing closed yet: new targets need no contract variation."""
    contract.closed_through = None
    contract.save()
    return contract


def test_rows_of_one_code_are_target_versions_and_the_earliest_is_live(open_contract, tmp_path):
    rows = [
        [
            "CSC_KPI_04",
            "Calls answered",
            "Customer Service Centre",
            "Percent",
            "higher",
            "monthly",
            "95",
            "90",
            "2018-04",
        ],
        [
            "csc_kpi_04",
            "Calls answered",
            "Customer Service Centre",
            "percent",
            "Higher is better",
            "Monthly",
            "97%",
            "92%",
            "2017-04",
        ],
    ]
    import_definitions(open_contract, kpi_file(tmp_path, rows))

    kpi = KPI.objects.get(contract=open_contract, code="CSC_KPI_04")
    assert kpi.live_from == date(2017, 4, 1)
    assert kpi.service_area.name == "Customer Service Centre"
    versions = [(t.effective_from, t.target, t.minimum) for t in kpi.targets.all()]
    assert versions == [(date(2017, 4, 1), D(97), D(92)), (date(2018, 4, 1), D(95), D(90))]


def test_an_empty_target_means_no_target(open_contract, tmp_path):
    rows = [["PI_01", "Complaints", "IMT", "number", "lower", "quarterly", "", "", "2018-04"]]

    import_definitions(open_contract, kpi_file(tmp_path, rows))

    kpi = KPI.objects.get(code="PI_01")
    assert (kpi.polarity, kpi.frequency) == ("lower", "quarterly")
    assert [(t.target, t.minimum) for t in kpi.targets.all()] == [(None, None)]


def test_service_areas_are_created_as_needed(open_contract, tmp_path):
    rows = [
        ["FIN_01", "Invoices paid", "Finance", "percent", "", "", "95", "", "2018-04"],
        ["FIN_02", "Debts recovered", "finance ", "currency", "", "", "", "", "2018-04"],
        ["IMT_01", "Tickets", "imt", "number", "lower", "", "10", "12", "2018-04"],
    ]
    import_definitions(open_contract, kpi_file(tmp_path, rows))

    names = list(ServiceArea.objects.filter(contract=open_contract).values_list("name", flat=True))
    assert sorted(names) == ["Customer Service Centre", "Finance", "IMT"]
    assert KPI.objects.get(code="IMT_01").service_area.name == "IMT"


def test_importing_definitions_again_changes_nothing(open_contract, tmp_path):
    header = [*KPI_HEADER, "min_value", "max_value", "contractual", "retired_from", "variation"]
    rows = [
        [
            "CSC_01",
            "Calls",
            "IMT",
            "percent",
            "higher",
            "monthly",
            "95",
            "90",
            "2018-04",
            "",
            "",
            "yes",
            "",
            "",
        ],
        [
            "CSC_02",
            "Reduction",
            "IMT",
            "percent",
            "higher",
            "monthly",
            "5",
            "",
            "2018-04",
            "-50",
            "",
            "no",
            "2019-04",
            "",
        ],
        ["CSC_03", "Backups", "IMT", "Yes or no", "", "", "", "", "2018-04", "", "", "", "", ""],
    ]
    path = kpi_file(tmp_path, rows, header)
    first = import_definitions(open_contract, path)
    history = KPI.history.count(), KPITarget.history.count()

    again = import_definitions(open_contract, path)

    assert first.kpi_counts == {"create": 3, "update": 0, "unchanged": 0}
    assert again.kpi_counts == {"create": 0, "update": 0, "unchanged": 3}
    assert again.version_counts == {"create": 0, "unchanged": 3}
    assert (KPI.history.count(), KPITarget.history.count()) == history
    reduction = KPI.objects.get(code="CSC_02")
    assert (reduction.min_value, reduction.contractual) == (D(-50), False)
    assert reduction.retired_from == date(2019, 4, 1)


def test_a_later_version_is_added_to_an_existing_kpi(open_contract, tmp_path):
    rows = [["CSC_01", "Calls", "IMT", "percent", "", "", "95", "90", "2018-04"]]
    import_definitions(open_contract, kpi_file(tmp_path, rows))
    rows.append(["CSC_01", "Calls", "IMT", "percent", "", "", "96", "91", "2018-10"])

    result = import_definitions(open_contract, kpi_file(tmp_path, rows))

    assert result.version_counts == {"create": 1, "unchanged": 1}
    assert KPITarget.objects.filter(kpi__code="CSC_01").count() == 2


def test_definition_rows_are_checked_and_all_or_nothing(contract, tmp_path):
    KPITargetFactory(kpi=KPIFactory(contract=contract, code="OLD_01"), target=D(95), minimum=D(90))
    rows = [
        ["NEW_01", "Fine", "IMT", "percent", "", "", "95", "90", "2018-10"],
        ["NEW_02", "Bad unit", "IMT", "pounds", "", "", "95", "", "2018-10"],
        ["NEW_03", "Wrong side", "IMT", "percent", "higher", "", "90", "95", "2018-10"],
        ["NEW_04", "Closed", "IMT", "percent", "", "", "90", "", "2018-09"],
        ["OLD_01", "Changed", "IMT", "percent", "", "", "96", "90", "2017-04"],
        ["NEW_05", "Too high", "IMT", "percent", "", "", "101", "", "2018-10"],
        ["NEW_01", "Fine but renamed", "IMT", "percent", "", "", "95", "90", "2018-11"],
    ]
    result = validate_kpis(contract=contract, table=table(kpi_file(tmp_path, rows)))

    assert [str(e) for e in result.errors] == [
        "row 3: unit: “pounds” is not one of percent, number, days, hours, currency, yes_no",
        "row 4: minimum: The minimum must be at or below the target (it is on the worse side).",
        "row 5: variation: September 2018 is closed: give the contract variation that "
        "allows setting its target",
        "row 6: effective_from: A target version from 2017-04 already exists with other "
        "levels; versions cannot be changed: add one from a later month",
        "row 7: target: Must be 100 or less",
        "row 8: name: Differs from row 2, a row of the same KPI",
    ]
    with pytest.raises(ImportRefused):
        commit_kpis(result)
    assert not KPI.objects.filter(code__startswith="NEW").exists()


def test_a_closed_month_takes_a_target_with_a_contract_variation(contract, tmp_path):
    header = [*KPI_HEADER, "variation"]
    rows = [["NEW_01", "Calls", "IMT", "percent", "", "", "95", "", "2018-04", "CV-12"]]

    import_definitions(contract, kpi_file(tmp_path, rows, header))

    assert KPITarget.objects.get(kpi__code="NEW_01").variation_reference == "CV-12"


def test_importing_definitions_recomputes_once(
    open_contract, tmp_path, django_capture_on_commit_callbacks
):
    rows = [
        ["CSC_01", "Calls", "IMT", "percent", "", "", "95", "90", "2018-04"],
        ["CSC_01", "Calls", "IMT", "percent", "", "", "96", "91", "2018-06"],
        ["CSC_02", "Emails", "IMT", "percent", "", "", "95", "90", "2018-05"],
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_definitions(open_contract, kpi_file(tmp_path, rows))

    assert len(callbacks) == 1


def test_decimal_places_and_description_are_read_when_the_file_has_them(open_contract, tmp_path):
    header = [*KPI_HEADER, "decimal_places", "description"]
    rows = [
        ["CSC_01", "Calls", "IMT", "number", "lower", "", "60", "90", "2018-04", "0", " Seconds. "],
        ["CSC_02", "Emails", "IMT", "percent", "", "", "95", "90", "2018-04", "", ""],
    ]
    import_definitions(open_contract, kpi_file(tmp_path, rows, header))

    calls, emails = KPI.objects.filter(contract=open_contract).order_by("code")
    assert (calls.decimal_places, calls.description) == (0, "Seconds.")
    assert (emails.decimal_places, emails.description) == (2, "")


def test_decimal_places_must_be_a_whole_number_from_0_to_6(open_contract, tmp_path):
    header = [*KPI_HEADER, "decimal_places"]
    rows = [
        [f"CSC_0{n}", "Calls", "IMT", "number", "", "", "60", "", "2018-04", places]
        for n, places in enumerate(["7", "1.5", "-1", "two", "6"], start=1)
    ]
    result = validate_kpis(contract=open_contract, table=table(kpi_file(tmp_path, rows, header)))

    assert errors(result) == [
        f"row {row}: decimal_places: Enter a whole number from 0 to 6" for row in (2, 3, 4, 5)
    ]


def test_the_kpis_template_carries_decimal_places_and_description(open_contract, tmp_path):
    from kpis.spreadsheets import kpis_template

    kpi = KPIFactory(contract=open_contract, code="CSC_01", decimal_places=1, description="Why")
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    path = tmp_path / "kpis.xlsx"
    path.write_bytes(kpis_template(contract=open_contract))
    KPI.objects.filter(pk=kpi.pk).update(decimal_places=3, description="")

    result = import_definitions(open_contract, path)

    kpi.refresh_from_db()
    assert result.kpi_counts["update"] == 1
    assert (kpi.decimal_places, kpi.description) == (1, "Why")
