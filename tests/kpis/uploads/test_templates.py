"""The downloadable templates and exports: a round trip, and formulas kept out."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import rows_to_csv, rows_to_xlsx
from kpis.importing import validate_kpis
from kpis.importing.reading import read_table
from kpis.models import KPIFigure, KPIMonthStatus, Upload
from tests.factories import KPIFactory, KPIFigureFactory

from .helpers import OCTOBER, SEPTEMBER, confirm, send, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


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
    _assert_october_template(workbook)
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


def _assert_october_template(workbook) -> None:
    """The importer's columns first, the due monthly KPIs pre-filled, last month shown."""
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
