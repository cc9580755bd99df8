"""Whole files refused, and the cells real spreadsheets hold."""

import hashlib
import io
import zipfile
from decimal import Decimal

import pytest

from kpis.models import KPIFigure

from ..spreadsheets import RETURN_HEADER, cache_formula_result
from .helpers import COMMENTARY, GOOD_ROWS, OCTOBER, csv_bytes, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


# Whole files refused ------------------------------------------------------------------


def _with_extra_entry(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        ("big.csv", lambda: csv_bytes(GOOD_ROWS) + b"\n" * 2000, "the largest accepted is"),
        ("picture.xlsx", lambda: PNG, "cannot be read as an Excel workbook"),
        (
            "zip.xlsx",
            lambda: _with_extra_entry(b"", "a.txt", b"x"),
            "cannot be read as an Excel workbook",
        ),
        (
            "macros.xlsx",
            lambda: _with_extra_entry(xlsx_bytes(GOOD_ROWS), "xl/vbaProject.bin", b"VBA"),
            "Workbooks with macros cannot be imported",
        ),
        ("macros.xlsm", lambda: xlsx_bytes(GOOD_ROWS), "Workbooks with macros"),
        (
            "bomb.xlsx",
            lambda: _with_extra_entry(
                xlsx_bytes(GOOD_ROWS), "xl/media/zeros.bin", bytes(3_000_000)
            ),
            "The workbook unpacks to",
        ),
        (
            "rows.csv",
            lambda: csv_bytes([RETURN_HEADER] + [["IMT_KPI_01", "2018-10", ""]] * 6),
            "the most accepted is 5",
        ),
        ("nul.csv", lambda: csv_bytes(GOOD_ROWS) + b"\x00\x00", "not a CSV text file"),
        (
            "latin1.csv",
            lambda: "kpi_code,period,value,commentary\nIMT_KPI_01,2018-10,96,£5\n".encode(
                "latin-1"
            ),
            "not UTF-8",
        ),
        ("old.xls", lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Old .xls workbooks"),
        ("notes.txt", lambda: b"hello", "Choose a .csv or .xlsx file"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_changes(
    client, contract, imt, officer, upload_file, settings, name, build, reason
):
    settings.UPLOAD_MAX_BYTES = 2000 if name == "big.csv" else 5 * 1024 * 1024
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1_000_000
    settings.UPLOAD_MAX_ROWS = 5
    client.force_login(officer)
    data = build()

    upload, page = upload_file(name, data)

    assert upload.state == "refused"
    assert reason in upload.error
    assert reason in page.replace("&#x27;", "'")
    assert (upload.sha256, upload.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert not KPIFigure.objects.exists()


def test_the_import_command_applies_the_same_limits(contract, imt, settings, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "picture.xlsx"
    path.write_bytes(PNG)
    with pytest.raises(CommandError, match="cannot be read as an Excel workbook"):
        call_command("import_returns", str(path), contract=contract.reference)


# Real-world cells through the upload ----------------------------------------------------


def test_real_world_csv_cells_are_read(
    client, contract, imt, calls, officer, upload_file, confirm_upload
):
    rows = [
        ["KPI Code ", " Period", "VALUE", "Commentary"],
        [" imt_kpi_01 ", "2018-10", "95%", COMMENTARY],
        [],
        ["csc_kpi_07", "2018-10", "1,234", "Smart ‘quotes’ – and £"],
    ]
    client.force_login(officer)
    upload, _ = upload_file("excel.csv", csv_bytes(rows, delimiter=";", bom=True))
    confirm_upload(upload)

    assert upload.state == "committed", upload.rows
    imt_figure = KPIFigure.objects.get(kpi=imt, period=OCTOBER)
    assert (imt_figure.value, imt_figure.commentary) == (D(95), COMMENTARY)
    calls_figure = KPIFigure.objects.get(kpi=calls, period=OCTOBER)
    assert (calls_figure.value, calls_figure.commentary) == (D(1234), "Smart ‘quotes’ – and £")


def test_real_world_xlsx_cells_are_read(
    client, contract, imt, calls, officer, upload_file, confirm_upload, tmp_path
):
    rows = [
        RETURN_HEADER,
        ["IMT_KPI_01", "2018-10", 0.955, "percent cell"],
        [None, None, None, None],
        ["CSC_KPI_07", "2018-10", "=1000+234", "formula"],
    ]
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes(rows, formats={"C2": "0.0%"}))
    cache_formula_result(path, "C4", "1234")
    client.force_login(officer)

    upload, _ = upload_file("r.xlsx", path.read_bytes())
    confirm_upload(upload)

    assert upload.state == "committed", upload.rows
    assert KPIFigure.objects.get(kpi=imt, period=OCTOBER).value == D("95.5")
    assert KPIFigure.objects.get(kpi=calls, period=OCTOBER).value == D(1234)


def test_numbers_stored_as_text_and_currency_are_read(
    client, contract, calls, officer, upload_file, confirm_upload
):
    client.force_login(officer)
    upload, _ = upload_file(
        "t.xlsx", xlsx_bytes([RETURN_HEADER, ["CSC_KPI_07", "2018-10", "£1,200.50"]])
    )
    confirm_upload(upload)
    assert KPIFigure.objects.get(kpi=calls).value == D("1200.50")


def test_a_formula_without_a_saved_result_is_refused_naming_the_cell(
    client, contract, calls, officer, upload_file
):
    client.force_login(officer)
    data = xlsx_bytes([RETURN_HEADER, ["CSC_KPI_07", "2018-10", "=1+1"]])

    upload, page = upload_file("f.xlsx", data)

    assert upload.state == "refused"
    assert "Cell C2 has a formula with no saved result" in upload.error
    assert not KPIFigure.objects.exists()
