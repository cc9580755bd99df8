"""Spreadsheet returns through the upload page: template, checks, preview, import."""

import csv
import hashlib
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from contracts.choices import Role
from core.exports import rows_to_csv, rows_to_xlsx
from kpis.importing import validate_kpis
from kpis.importing.reading import read_table
from kpis.models import KPIFigure, KPIMonthStatus, Upload
from kpis.uploads import upload_commit, upload_start_commit, upload_validate
from tests.factories import KPIFactory, KPIFigureFactory, KPITargetFactory

from .spreadsheets import RETURN_HEADER, cache_formula_result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal
OCTOBER = date(2018, 10, 1)
SEPTEMBER = date(2018, 9, 1)
COMMENTARY = "Cost £1,200 – “agreed” by the board’s chair.\nSee p. 2. " + "x" * 5000


@pytest.fixture
def imt(contract):
    kpi = KPIFactory(
        contract=contract,
        service_area=contract.service_areas.get(name="IMT"),
        code="IMT_KPI_01",
        name="Incidents fixed",
        unit="percent",
    )
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    return kpi


@pytest.fixture
def calls(contract):
    return KPIFactory(
        contract=contract,
        service_area=contract.service_areas.get(name="Customer Service Centre"),
        code="CSC_KPI_07",
        name="Calls answered",
        unit="number",
    )


@pytest.fixture
def quarterly(contract):
    return KPIFactory(
        contract=contract,
        service_area=contract.service_areas.get(name="IMT"),
        code="IMT_KPI_09",
        frequency="quarterly",
    )


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def csv_bytes(rows, *, delimiter=",", bom=True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def xlsx_bytes(rows, *, formats=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def send(client, contract, name, data, *, month="2018-10", capture, path=None):
    """Upload a file as the signed-in user; returns the upload and its page."""
    path = path or url("upload_new", contract, month)
    with capture(execute=True):
        response = client.post(path, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    upload = Upload.objects.latest("pk")
    assert response["Location"] == upload.get_absolute_url()
    return upload, client.get(response["Location"]).content.decode()


def confirm(client, upload, capture):
    with capture(execute=True):
        response = client.post(upload.get_absolute_url())
    assert response.status_code == 302
    upload.refresh_from_db()
    return client.get(response["Location"]).content.decode()


@pytest.fixture
def upload_file(client, contract, django_capture_on_commit_callbacks):
    def send_file(name, data, month="2018-10"):
        return send(
            client, contract, name, data, month=month, capture=django_capture_on_commit_callbacks
        )

    return send_file


@pytest.fixture
def confirm_upload(client, django_capture_on_commit_callbacks):
    return lambda upload: confirm(client, upload, django_capture_on_commit_callbacks)


# Templates ---------------------------------------------------------------------------


def test_the_template_round_trip_reaches_the_dashboard_after_approval(
    client,
    contract,
    imt,
    calls,
    quarterly,
    officer,
    manager,
    upload_file,
    confirm_upload,
    django_capture_on_commit_callbacks,
):
    KPIFigureFactory(kpi=imt, period=SEPTEMBER, value=D("93.5"))
    client.force_login(officer)
    response = client.get(url("template", contract, "2018-10"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("kpi_code", "period", "value", "commentary")
    assert "last month's value" in rows[0]
    assert sorted(row[0] for row in rows[1:]) == ["CSC_KPI_07", "IMT_KPI_01"]  # not quarterly
    imt_row = next(row for row in rows if row[0] == "IMT_KPI_01")
    assert imt_row[1:4] == ("2018-10", None, None)
    assert (imt_row[6], imt_row[7], imt_row[8]) == (95, 90, 93.5)
    assert sheet.data_validations.dataValidation
    assert workbook.sheetnames[1] == "Instructions"
    for cells in sheet.iter_rows(min_row=2):
        cells[2].value = 96 if cells[0].value == "IMT_KPI_01" else 1200
        cells[3].value = "All fixed"
    filled = io.BytesIO()
    workbook.save(filled)

    upload, page = upload_file("returns-oct.xlsx", filled.getvalue())
    assert upload.state == "ready"
    assert "2 new" in page and "Confirm and import" in page
    assert not KPIFigure.objects.filter(period=OCTOBER).exists()  # nothing before confirming

    page = confirm_upload(upload)
    assert upload.state == "committed"
    figure = KPIFigure.objects.get(kpi=imt, period=OCTOBER)
    assert (figure.value, figure.state, figure.commentary) == (D(96), "submitted", "All fixed")

    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("figure_approve", contract, figure.pk))
    status = KPIMonthStatus.objects.get(kpi=imt, period=OCTOBER)
    assert (status.status, status.value) == ("green", D(96))
    dashboard = client.get(
        reverse("contract_dashboard", args=[contract.reference]),
        {"range": "custom", "from": "2018-10", "to": "2018-10"},
    ).content.decode()
    assert "96" in dashboard


def test_the_kpi_definitions_template_imports_again_unchanged(client, contract, imt, manager):
    client.force_login(manager)
    response = client.get(url("kpi_template", contract))
    table = read_table(io.BytesIO(response.content), "kpis.xlsx")
    result = validate_kpis(contract=contract, table=table)
    assert not result.errors
    assert result.kpi_counts == {"create": 0, "update": 0, "unchanged": 1}
    assert result.version_counts == {"create": 0, "unchanged": 1}
    assert "Instructions" in load_workbook(io.BytesIO(response.content)).sheetnames


def test_only_contract_managers_download_the_kpi_definitions_template(client, contract, officer):
    client.force_login(officer)
    assert client.get(url("kpi_template", contract)).status_code == 403


def test_a_manager_uploads_kpi_definitions_with_a_preview(
    client, contract, imt, manager, django_capture_on_commit_callbacks
):
    from kpis.models import KPITarget

    client.force_login(manager)
    workbook = load_workbook(io.BytesIO(client.get(url("kpi_template", contract)).content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    new_version = [cell.value for cell in sheet[2]]
    new_version[header.index("target")] = 97
    new_version[header.index("effective_from")] = "2018-10"
    sheet.append(new_version)
    sheet.append(["BAD_01", "Bad", "IMT", "furlongs", "higher", "monthly", 1, None, "2018-10"])
    bad = io.BytesIO()
    workbook.save(bad)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("kpi_upload_new", contract), {"file": SimpleUploadedFile("k.xlsx", bad.getvalue())}
        )
    upload = Upload.objects.get(kind="kpis")
    page = client.get(response["Location"]).content.decode()
    assert upload.state == "refused"
    assert "Row 4, unit:" in page

    sheet.delete_rows(4)
    good = io.BytesIO()
    workbook.save(good)
    upload, page = send(
        client,
        contract,
        "k.xlsx",
        good.getvalue(),
        capture=django_capture_on_commit_callbacks,
        path=url("kpi_upload_new", contract),
    )
    assert upload.state == "ready", upload.rows
    assert "1 new" in page and "Confirm and import" in page
    assert not KPITarget.objects.filter(kpi=imt, target=D(97)).exists()
    confirm(client, upload, django_capture_on_commit_callbacks)

    assert upload.state == "committed"
    assert KPITarget.objects.get(kpi=imt, effective_from=OCTOBER).target == D(97)


def test_an_officer_cannot_upload_kpi_definitions(client, contract, officer):
    client.force_login(officer)
    assert client.get(url("kpi_upload_new", contract)).status_code == 403


# Row checks and the preview ----------------------------------------------------------


def test_the_preview_lists_every_bad_row_with_its_row_and_column(
    client, contract, imt, calls, quarterly, officer, upload_file
):
    KPIFigureFactory(kpi=calls, period=OCTOBER, value=D(5), state="approved")
    rows = [
        RETURN_HEADER,
        ["NOPE_01", "2018-10", "1"],
        ["IMT_KPI_09", "2018-10", "1"],
        ["IMT_KPI_01", "2018-10", "lots"],
        ["IMT_KPI_01", "2018-10", "150"],
        ["CSC_KPI_07", "2018-10", "7"],
        ["IMT_KPI_01", "2018-09", "96"],
    ]
    client.force_login(officer)
    upload, page = upload_file("bad.csv", csv_bytes(rows))

    assert upload.state == "refused"
    assert "Row 2, kpi_code: No KPI “NOPE_01”" in page
    assert "Row 3, period: IMT_KPI_09 is reported quarterly" in page
    assert "Row 4, value: “lots” is not a number" in page
    assert "Row 5, value:" in page
    assert "Row 6, value: Already approved: give a correction_reason" in page
    assert "Row 7, period: This upload is for October 2018" in page
    assert "Confirm and import" not in page
    assert client.post(upload.get_absolute_url()).status_code == 302
    assert not KPIFigure.objects.filter(value__in=[D(1), D(7), D(96)]).exists()


def test_a_duplicate_row_and_a_future_month_are_refused(
    client, contract, imt, officer, upload_file
):
    client.force_login(officer)
    rows = [RETURN_HEADER, ["IMT_KPI_01", "2018-10", "96"], ["IMT_KPI_01", "2018-10", "97"]]
    _, page = upload_file("dup.csv", csv_bytes(rows))
    assert "Row 3, kpi_code: IMT_KPI_01 for 2018-10 is also in row 2" in page

    _, page = upload_file(
        "future.csv", csv_bytes([RETURN_HEADER, ["IMT_KPI_01", "2018-11", "96"]]), month="2018-11"
    )
    assert "Row 2, period: November 2018 is in the future." in page
    assert not KPIFigure.objects.exists()


def test_a_correction_reason_corrects_an_approved_figure(
    client, contract, imt, manager, upload_file, confirm_upload
):
    KPIFigureFactory(kpi=imt, period=OCTOBER, value=D(80), state="approved")
    client.force_login(manager)
    header = [*RETURN_HEADER, "correction_reason"]
    upload, _ = upload_file(
        "fix.csv", csv_bytes([header, ["IMT_KPI_01", "2018-10", "96", "", "Typo"]])
    )
    confirm_upload(upload)

    figure = KPIFigure.objects.get(kpi=imt, period=OCTOBER)
    assert (figure.value, figure.correction_reason) == (D(96), "Typo")


def test_uploading_the_same_file_again_changes_nothing_and_says_so(
    client, contract, imt, officer, upload_file, confirm_upload
):
    client.force_login(officer)
    data = csv_bytes([RETURN_HEADER, ["IMT_KPI_01", "2018-10", "96", "Fine"]])
    first, _ = upload_file("oct.csv", data)
    confirm_upload(first)
    history = KPIFigure.history.count()

    second, page = upload_file("oct.csv", data)

    assert second.state == "ready"
    assert "Nothing would change" in page
    assert f"upload #{first.pk}" in page
    assert "Confirm and import" not in page
    assert KPIFigure.history.count() == history


def test_an_officer_uploads_only_for_their_service_areas(
    client, contract, imt, calls, member, upload_file
):
    officer = member(contract, Role.OFFICER, service_areas=[imt.service_area])
    client.force_login(officer)
    rows = [RETURN_HEADER, ["IMT_KPI_01", "2018-10", "96"], ["CSC_KPI_07", "2018-10", "5"]]

    upload, page = upload_file("both.csv", csv_bytes(rows))

    assert upload.state == "refused"
    assert "Row 3, kpi_code: CSC_KPI_07 is in Customer Service Centre, not one of your" in page
    assert not KPIFigure.objects.exists()


def test_a_board_member_cannot_upload(client, contract, board_member):
    client.force_login(board_member)
    data = csv_bytes([RETURN_HEADER])
    response = client.post(
        url("upload_new", contract, "2018-10"), {"file": SimpleUploadedFile("a.csv", data)}
    )
    assert response.status_code == 403
    assert not Upload.objects.exists()


# Whole files refused ------------------------------------------------------------------


def _with_extra_entry(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


GOOD_ROWS = [RETURN_HEADER, ["IMT_KPI_01", "2018-10", "96"]]
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


# Audit and progress ----------------------------------------------------------------------


def test_the_return_page_shows_who_uploaded_what_and_the_history_names_the_upload(
    client, contract, imt, officer, upload_file, confirm_upload
):
    client.force_login(officer)
    data = csv_bytes(GOOD_ROWS)
    upload, _ = upload_file("returns-oct.csv", data)
    confirm_upload(upload)

    page = client.get(url("return", contract, "2018-10")).content.decode()
    assert "Download the template" in page and "Upload a spreadsheet" in page
    assert f"#{upload.pk}" in page and "returns-oct.csv" in page
    assert hashlib.sha256(data).hexdigest()[:12] in page
    assert (officer.get_full_name() or officer.username) in page and "Imported" in page
    history = KPIFigure.objects.get(kpi=imt).history.first()
    assert f"Upload #{upload.pk} returns-oct.csv (sha256 {upload.sha256[:12]}" in history.source


def test_the_status_url_reports_progress(client, contract, imt, officer, upload_file):
    client.force_login(officer)
    upload, _ = upload_file("oct.csv", csv_bytes(GOOD_ROWS))

    status = client.get(url("upload_status", contract, upload.pk)).json()

    assert status == {
        "state": "ready",
        "label": "Checked",
        "busy": False,
        "rows_done": 1,
        "rows_total": 1,
    }


def test_a_busy_upload_shows_a_progress_bar_without_inline_script(client, contract, officer):
    upload = Upload.objects.create(
        contract=contract,
        period=OCTOBER,
        uploaded_by=officer,
        filename="x.csv",
        sha256="0" * 64,
        size=1,
        state="validating",
        rows_total=10,
        rows_done=4,
    )
    client.force_login(officer)
    page = client.get(upload.get_absolute_url()).content.decode()
    assert '<progress id="upload-progress"' in page and 'value="4"' in page
    assert 'http-equiv="refresh"' in page
    assert "js/upload-progress.js" in page
    assert "<script>" not in page


def test_another_contracts_upload_is_not_found(client, contract, officer):
    from tests.factories import ContractFactory

    other = ContractFactory()
    upload = Upload.objects.create(contract=other, filename="x.csv", sha256="0" * 64, size=1)
    client.force_login(officer)
    assert client.get(url("upload", contract, upload.pk)).status_code == 404


# Exports are safe against formula injection ---------------------------------------------


INJECTIONS = ['=HYPERLINK("http://x")', "+SUM(1)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)"]


def test_csv_and_xlsx_exports_escape_formulas_and_keep_numbers():
    rows = [
        ["text", "number", "negative", "shown"],
        *[[t, 5, D("-2.5"), "-7.25"] for t in INJECTIONS],
    ]

    csv_rows = list(csv.reader(io.StringIO(rows_to_csv(rows).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(rows_to_xlsx(rows, "t"))).active
    xlsx_rows = list(sheet.iter_rows(min_row=2, values_only=True))

    assert [row[0] for row in csv_rows[1:]] == ["'" + t for t in INJECTIONS]
    assert csv_rows[1][1:] == ["5", "-2.5", "-7.25"]
    assert [row[0] for row in xlsx_rows] == ["'" + t for t in INJECTIONS]
    assert xlsx_rows[0][1:] == (5, -2.5, -7.25)
    assert all(cell.data_type == "n" for cell in sheet[2][1:])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_apps_exports_escape_a_formula_in_a_kpi_name(client, contract, manager, fmt):
    KPIFactory(contract=contract, code="X_01", name='=HYPERLINK("http://evil")')
    client.force_login(manager)

    response = client.get(url("list", contract), {"export": fmt})

    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    else:
        values = [
            c
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
                values_only=True
            )
            for c in row
        ]
        assert '\'=HYPERLINK("http://evil")' in values
        assert '=HYPERLINK("http://evil")' not in values


# A large file ---------------------------------------------------------------------------


def test_a_10000_row_file_is_checked_and_imported(contract, officer):
    """Light: its timing is for `make bench`, not an assertion."""
    area = contract.service_areas.first()
    kpis = [
        KPIFactory(
            contract=contract,
            service_area=area,
            code=f"BIG_{n:03d}",
            unit="number",
            live_from=date(2010, 1, 1),
        )
        for n in range(100)
    ]
    months = [f"{2010 + m // 12}-{m % 12 + 1:02d}" for m in range(100)]
    rows = [RETURN_HEADER] + [
        [kpi.code, month, str(n)] for n, kpi in enumerate(kpis) for month in months
    ]
    data = csv_bytes(rows)
    upload = Upload.objects.create(
        contract=contract,
        uploaded_by=officer,
        filename="big.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
    )

    upload_validate(upload=upload)
    assert (upload.state, upload.counts["create"], upload.rows_done) == ("ready", 10000, 10000)
    upload_start_commit(upload=upload, user=officer)
    upload = upload_commit(upload=upload, user=officer)

    assert upload.state == "committed"
    assert KPIFigure.objects.filter(kpi__contract=contract).count() == 10000


# The demo, end to end -------------------------------------------------------------------


def test_the_demo_officer_returns_october_2018_by_spreadsheet(
    client, demo, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from kpis.services import figures_approve

    contract = demo["contract"]
    capture = django_capture_on_commit_callbacks
    users = get_user_model().objects
    client.force_login(users.get(username="officer"))
    template = client.get(url("template", contract, "2018-10")).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    filled = 0
    for cells in sheet.iter_rows(min_row=2):
        last_month = cells[8].value
        if last_month is not None:
            cells[2].value, cells[3].value = last_month, "As last month – “steady”"
            filled += 1
    first_value = sheet["C2"].value
    sheet["C2"].value = "lots"
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload, page = send(client, contract, "october.xlsx", buffer.getvalue(), capture=capture)
    assert upload.state == "refused"
    assert "Row 2, value: “lots” is not a number" in page

    sheet["C2"].value = first_value
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload, page = send(client, contract, "october.xlsx", buffer.getvalue(), capture=capture)
    assert upload.state == "ready", upload.rows
    assert f"{filled} new" in page
    confirm(client, upload, capture)
    assert upload.state == "committed"

    october = KPIFigure.objects.for_contract(contract).filter(period=OCTOBER)
    assert october.count() == filled > 0
    with django_capture_on_commit_callbacks(execute=True):
        figures_approve(figures=list(october), user=users.get(username="manager"))
    assert (
        KPIMonthStatus.objects.filter(kpi__contract=contract, period=OCTOBER)
        .exclude(value=None)
        .count()
        == filled
    )
    client.force_login(users.get(username="board"))
    dashboard = client.get(
        reverse("contract_dashboard", args=[contract.reference]),
        {"range": "custom", "from": "2018-10", "to": "2018-10"},
    )
    assert dashboard.status_code == 200
    assert "Oct" in dashboard.content.decode()


def test_checking_reports_progress_as_rows_are_read(contract, imt):
    from kpis.importing import validate_returns
    from kpis.importing.reading import Row, Table

    rows = [
        Row(n, {"kpicode": "IMT_KPI_01", "period": "2018-10", "value": ""}) for n in range(1200)
    ]
    table = Table(headers={"kpicode": "kpi_code", "period": "period", "value": "value"}, rows=rows)
    seen = []

    validate_returns(contract=contract, table=table, progress=seen.append)

    assert seen == [500, 1000]


def test_an_unexpected_error_marks_the_upload_failed_not_busy_for_ever(
    client, contract, imt, officer, upload_file, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("kpis.tasks.uploads.upload_validate", broken)
    client.force_login(officer)

    upload, page = upload_file("oct.csv", csv_bytes(GOOD_ROWS))

    upload.refresh_from_db()
    assert upload.state == "failed"
    assert "Something went wrong on our side: nothing was imported" in page
    assert "<progress" not in page
