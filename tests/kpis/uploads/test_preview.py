"""Row checks and the preview before a return is imported."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.choices import Role
from kpis.models import KPIFigure, Upload
from tests.factories import KPIFigureFactory

from ..spreadsheets import RETURN_HEADER
from .helpers import OCTOBER, csv_bytes, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


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
