from datetime import date
from decimal import Decimal

import pytest

from contracts.models import ServiceArea
from core.periods import Month
from kpis.choices import FigureState, Status
from kpis.importing import (
    ImportFileError,
    ImportRefused,
    commit_kpis,
    commit_returns,
    read_table,
    validate_kpis,
    validate_returns,
)
from kpis.importing.definitions import KPI_COLUMNS
from kpis.models import KPI, KPIFigure, KPIMonthStatus, KPITarget
from kpis.recompute import recompute_statuses
from tests.factories import KPIFactory, KPIFigureFactory, KPITargetFactory

from .spreadsheets import RETURN_HEADER, cache_formula_result, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
D = Decimal
OCTOBER_2018 = Month(2018, 10)
COMMENTARY = "Cost £1,200 – “agreed” by the board’s chair.\nSee p. 2. " + "x" * 5000


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(contract=contract, code="CSC_KPI_04", unit="percent")
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    return kpi


@pytest.fixture
def calls(contract):
    return KPIFactory(contract=contract, code="CSC_KPI_07", unit="number")


def table(path):
    with open(path, "rb") as file_obj:
        return read_table(file_obj, path.name)


def check(contract, path, approve=False, user=None):
    return validate_returns(
        contract=contract, table=table(path), approve=approve, today_month=OCTOBER_2018, user=user
    )


def load(contract, path, user=None, approve=False):
    return commit_returns(check(contract, path, approve, user), user=user, source="test file")


def figure(kpi, month="2018-09"):
    return KPIFigure.objects.get(kpi=kpi, period=Month.parse(month).first_day)


def errors(result):
    return [str(error) for error in result.errors]


# Reading files ---------------------------------------------------------------------


def test_it_reads_a_csv_saved_with_a_byte_order_mark(contract, kpi, tmp_path):
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]], bom=True)

    load(contract, path)

    assert figure(kpi).value == D(96)


def test_it_reads_a_semicolon_separated_csv(contract, kpi, calls, tmp_path):
    rows = [
        RETURN_HEADER,
        ["CSC_KPI_04", "2018-09", "96.5", "a, b"],
        ["CSC_KPI_07", "2018-09", "1,234"],
    ]
    path = write_csv(tmp_path / "r.csv", rows, delimiter=";")

    load(contract, path)

    assert figure(kpi).value == D("96.5")
    assert figure(kpi).commentary == "a, b"
    assert figure(calls).value == D(1234)


def test_it_matches_headers_ignoring_case_spaces_and_underscores(contract, kpi, tmp_path):
    header = ["  KPI Code ", "PERIOD", "Value ", "Com_ment ary"]
    path = write_xlsx(tmp_path / "r.xlsx", [header, ["CSC_KPI_04", "2018-09", 96, "Fine"]])

    load(contract, path)

    assert (figure(kpi).value, figure(kpi).commentary) == (D(96), "Fine")


def test_it_matches_kpi_codes_ignoring_case_and_surrounding_spaces(contract, kpi, tmp_path):
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["  csc_kpi_04 ", "2018-09", "96"]])

    load(contract, path)

    assert figure(kpi).value == D(96)


def test_it_ignores_blank_rows_and_numbers_rows_as_the_spreadsheet_does(contract, kpi, tmp_path):
    rows = [
        RETURN_HEADER,
        ["CSC_KPI_04", "2018-08", 96],
        [],
        [None, "  ", None, None],
        ["CSC_KPI_04", "2018-09", "abc"],
    ]
    for path in (write_xlsx(tmp_path / "r.xlsx", rows), write_csv(tmp_path / "r.csv", rows)):
        assert errors(check(contract, path)) == ["row 5: value: “abc” is not a number"]


def test_it_skips_a_row_whose_value_is_empty(contract, kpi, calls, tmp_path):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"], ["CSC_KPI_07", "2018-09", "", "none"]]
    path = write_csv(tmp_path / "r.csv", rows)

    result = load(contract, path)

    assert result.counts == {"create": 1, "update": 0, "unchanged": 0, "skipped": 1}
    assert not KPIFigure.objects.filter(kpi=calls).exists()


def test_it_reads_numbers_written_as_text_with_thousands_separators(contract, calls, tmp_path):
    rows = [RETURN_HEADER, ["CSC_KPI_07", "2018-08", " 12,345.5 "], ["CSC_KPI_07", "2018-09", "7"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)

    load(contract, path)

    assert figure(calls, "2018-08").value == D("12345.5")
    assert figure(calls, "2018-09").value == D(7)


def test_it_reads_95_percent_as_95_in_a_percent_kpi(contract, kpi, tmp_path):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-08", "95%"], ["CSC_KPI_04", "2018-09", 0.975]]
    # Excel keeps a cell typed 97.5% as 0.975 shown with a percent format.
    path = write_xlsx(tmp_path / "r.xlsx", rows, formats={"C3": "0.0%"})

    load(contract, path)

    assert figure(kpi, "2018-08").value == D(95)
    assert figure(kpi, "2018-09").value == D("97.5")


def test_it_refuses_a_percent_sign_in_a_number_kpi(contract, calls, tmp_path):
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_07", "2018-09", "95%"]])

    assert errors(check(contract, path)) == ["row 2: value: “95%” is not a number"]


def test_it_takes_a_formula_cell_as_its_saved_result(contract, kpi, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "=190/2"]])
    cache_formula_result(path, "C2", "95")

    load(contract, path)

    assert figure(kpi).value == D(95)


def test_it_refuses_a_formula_with_no_saved_result_naming_the_cell(contract, kpi, tmp_path):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-08", 96], ["CSC_KPI_04", "2018-09", "=A1*2"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)

    with pytest.raises(ImportFileError, match=r"Cell C3 has a formula with no saved result"):
        table(path)
    rows[1][2] = "=B2"
    with pytest.raises(ImportFileError, match=r"Cells C2, C3 have a formula with no saved"):
        table(write_xlsx(tmp_path / "r.xlsx", rows))


@pytest.mark.parametrize(("writer", "name"), [(write_csv, "r.csv"), (write_xlsx, "r.xlsx")])
def test_it_keeps_commentary_exactly(contract, kpi, tmp_path, writer, name):
    path = writer(tmp_path / name, [RETURN_HEADER, ["CSC_KPI_04", "2018-09", 96, COMMENTARY]])

    load(contract, path)

    assert figure(kpi).commentary == COMMENTARY


def test_it_ignores_unknown_columns_so_the_template_is_importable(contract, kpi, tmp_path):
    header = ["kpi_code", "name", "unit", "target", "period", "value", "commentary", "notes"]
    row = ["CSC_KPI_04", "Calls answered", "percent", 95, "2018-09", 96, "", "ignored"]
    path = write_xlsx(tmp_path / "template.xlsx", [header, row])

    load(contract, path)

    assert figure(kpi).value == D(96)


def test_it_reads_a_period_that_excel_turned_into_a_date(contract, kpi, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [RETURN_HEADER, ["CSC_KPI_04", date(2018, 9, 1), 96]])

    load(contract, path)

    assert figure(kpi).value == D(96)


def test_it_refuses_a_file_without_a_required_column(contract, kpi, tmp_path):
    path = write_csv(
        tmp_path / "r.csv", [["kpi_code", "month", "value"], ["CSC_KPI_04", "2018-09", "96"]]
    )

    with pytest.raises(ImportFileError, match="The header row has no period column"):
        check(contract, path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.pdf", b"%PDF", "Choose a .csv or .xlsx file"),
        ("r.xls", b"\xd0\xcf", "save it as .xlsx or .csv"),
        ("r.xlsx", b"not a zip", "cannot be read as an Excel workbook"),
        ("r.csv", "kpi_code,period,value\nX,2018-09,£5".encode("latin-1"), "save it as “CSV UTF-8"),
        ("r.csv", b"\n \n", "The file is empty"),
    ],
)
def test_it_refuses_files_it_cannot_read(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(ImportFileError, match=message):
        table(path)


# Checking rows -----------------------------------------------------------------------


def test_it_reports_every_bad_row_with_its_column_and_reason(contract, kpi, calls, tmp_path):
    KPIFactory(contract=contract, code="CSC_KPI_12", frequency="quarterly")
    rows = [
        RETURN_HEADER,
        ["NOPE_1", "2018-09", "96"],
        ["CSC_KPI_12", "2018-08", "96"],
        ["CSC_KPI_04", "2018-09", "abc"],
        ["CSC_KPI_04", "2018-08", "101"],
        ["CSC_KPI_07", "2018-09", "5"],
        ["csc_kpi_07", "2018-09", "6"],
        ["CSC_KPI_04", "2018-11", "96"],
        ["CSC_KPI_04", "Sept 2018", "96"],
        ["", "2018-07", "96"],
        ["CSC_KPI_04", "2017-03", "96"],
    ]
    path = write_csv(tmp_path / "r.csv", rows)

    assert errors(check(contract, path)) == [
        f"row 2: kpi_code: No KPI “NOPE_1” in contract {contract.reference}",
        "row 3: period: CSC_KPI_12 is reported quarterly, in June, September, December and March.",
        "row 4: value: “abc” is not a number",
        "row 5: value: Must be 100 or less",
        "row 7: kpi_code: CSC_KPI_07 for 2018-09 is also in row 6",
        "row 8: period: November 2018 is in the future.",
        "row 9: period: “Sept 2018” is not a month written YYYY-MM",
        "row 10: kpi_code: Enter the KPI code",
        "row 11: period: CSC_KPI_04 is not live until April 2017.",
    ]


def test_one_bad_row_means_nothing_is_saved(contract, kpi, calls, tmp_path):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"], ["CSC_KPI_07", "2018-09", "lots"]]
    result = check(contract, write_csv(tmp_path / "r.csv", rows))

    with pytest.raises(ImportRefused) as refused:
        commit_returns(result, user=None, source="test")

    assert [str(e) for e in refused.value.errors] == ["row 3: value: “lots” is not a number"]
    assert not KPIFigure.objects.exists()


def test_it_saves_figures_submitted_unless_approving(contract, kpi, officer, tmp_path):
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96", "ok"]])

    load(contract, path, user=officer)

    saved = figure(kpi)
    assert (saved.state, saved.submitted_by, saved.approved_by) == ("submitted", officer, None)
    assert (saved.entered_by, saved.source) == (officer, "test file")
    audit = saved.history.get()
    assert (audit.history_user, audit.history_change_reason) == (officer, "Imported (test file)")
    recompute_statuses(contract=contract)
    status = KPIMonthStatus.objects.get(kpi=kpi, period=date(2018, 9, 1))
    assert (status.status, status.value) == (Status.MISSING, None)  # provisional, not judged


def test_approving_import_sets_the_approver_and_computes_statuses(
    contract, kpi, manager, tmp_path, django_capture_on_commit_callbacks
):
    rows = [RETURN_HEADER, ["CSC_KPI_04", "2018-08", "96"], ["CSC_KPI_04", "2018-09", "80"]]
    path = write_csv(tmp_path / "r.csv", rows)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load(contract, path, user=manager, approve=True)

    assert len(callbacks) == 1  # one recompute for the whole file
    assert figure(kpi).state == FigureState.APPROVED
    assert figure(kpi).approved_by == manager
    status = {s.period: s.status for s in KPIMonthStatus.objects.filter(kpi=kpi)}
    assert status[date(2018, 8, 1)] == Status.GREEN
    assert status[date(2018, 9, 1)] == Status.RED


def test_reimporting_the_same_file_changes_nothing(contract, kpi, manager, tmp_path):
    rows = [
        RETURN_HEADER,
        ["CSC_KPI_04", "2018-08", "96", COMMENTARY],
        ["CSC_KPI_04", "2018-09", "97"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    load(contract, path, user=manager, approve=True)
    history = KPIFigure.history.count()

    again = load(contract, path, user=manager, approve=True)

    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "skipped": 0}
    assert KPIFigure.history.count() == history


def test_a_changed_value_updates_a_submitted_figure(contract, kpi, tmp_path):
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="submitted")
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])

    result = load(contract, path)

    assert result.counts["update"] == 1
    assert figure(kpi).value == D(96)


def test_an_approved_figure_is_corrected_only_with_a_reason(contract, kpi, manager, tmp_path):
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="approved")
    plain = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])

    assert errors(check(contract, plain)) == [
        "row 2: value: Already approved: give a correction_reason to correct it"
    ]

    header = [*RETURN_HEADER, "Correction Reason"]
    row = ["CSC_KPI_04", "2018-09", "96", "Recounted", "Supplier miscounted calls"]
    corrected = write_csv(tmp_path / "c.csv", [header, row])
    result = load(contract, corrected, user=manager)

    saved = figure(kpi)
    assert result.counts["update"] == 1
    assert (saved.value, saved.state, saved.approved_by) == (D(96), "approved", manager)
    assert saved.correction_reason == "Supplier miscounted calls"
    assert saved.history.first().history_change_reason == "Corrected: Supplier miscounted calls"


def test_commit_refuses_when_a_figure_changed_after_the_check(contract, kpi, tmp_path):
    existing = KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(90), state="draft")
    path = write_csv(tmp_path / "r.csv", [RETURN_HEADER, ["CSC_KPI_04", "2018-09", "96"]])
    result = check(contract, path)
    KPIFigure.objects.filter(pk=existing.pk).update(value=D(91), version=2)

    with pytest.raises(ImportRefused, match="row 2: kpi_code: Changed by someone else"):
        commit_returns(result, user=None, source="test")

    assert figure(kpi).value == D(91)


def test_yes_no_values_are_read_in_any_accepted_spelling(contract, tmp_path):
    kpi = KPIFactory(contract=contract, code="IMT_KPI_01", unit="yes_no")
    rows = [RETURN_HEADER, ["IMT_KPI_01", "2018-08", "Y"], ["IMT_KPI_01", "2018-09", "FALSE"]]

    load(contract, write_csv(tmp_path / "r.csv", rows))

    assert (figure(kpi, "2018-08").value, figure(kpi).value) == (D(1), D(0))


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
