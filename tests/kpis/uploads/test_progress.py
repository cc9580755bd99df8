"""Who uploaded what, progress while checking, large files, the demo end to end."""

import hashlib
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kpis.models import KPIFigure, KPIMonthStatus, Upload
from kpis.uploads import upload_commit, upload_start_commit, upload_validate
from tests.factories import KPIFactory

from ..spreadsheets import RETURN_HEADER
from .helpers import GOOD_ROWS, OCTOBER, confirm, csv_bytes, send, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


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
    filled = _fill_as_last_month(sheet)
    first_value = sheet["C2"].value
    sheet["C2"].value = "lots"

    upload, page = send(client, contract, "october.xlsx", _saved(workbook), capture=capture)
    assert upload.state == "refused"
    assert "Row 2, value: “lots” is not a number" in page

    sheet["C2"].value = first_value
    upload, page = send(client, contract, "october.xlsx", _saved(workbook), capture=capture)
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


def _fill_as_last_month(sheet) -> int:
    """Each row with last month's value gets it again, with commentary; how many."""
    filled = 0
    for cells in sheet.iter_rows(min_row=2):
        last_month = cells[8].value
        if last_month is not None:
            cells[2].value, cells[3].value = last_month, "As last month – “steady”"
            filled += 1
    return filled


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
