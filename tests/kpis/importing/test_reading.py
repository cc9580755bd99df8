"""Reading CSV and XLSX files: encodings, separators, headers, cells."""

from datetime import date
from decimal import Decimal

import pytest

from kpis.importing import (
    ImportFileError,
)
from kpis.models import KPIFigure

from ..spreadsheets import RETURN_HEADER, cache_formula_result, write_csv, write_xlsx
from .helpers import COMMENTARY, check, errors, figure, load, table

pytestmark = pytest.mark.django_db
D = Decimal


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
