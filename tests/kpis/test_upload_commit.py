"""Committing an upload is idempotent: a second "Confirm and import" (a double click,
two people, a redelivered task) imports nothing more and reports the first one's result.
Two imports at once on PostgreSQL: worker/test_lock.py."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.choices import UploadState
from kpis.models import KPIFigure, Upload
from kpis.tasks import commit_upload_task
from kpis.uploads import upload_start_commit
from tests.factories import KPIFactory, KPITargetFactory

from .spreadsheets import RETURN_HEADER, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


@pytest.fixture
def ready_upload(client, contract, officer, tmp_path, django_capture_on_commit_callbacks):
    kpis = [KPIFactory(contract=contract, code=f"IMT_KPI_0{n}") for n in (1, 2)]
    for kpi in kpis:
        KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    rows = [RETURN_HEADER] + [[kpi.code, "2018-10", "97", ""] for kpi in kpis]
    path = write_csv(tmp_path / "oct.csv", rows)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("kpis:upload_new", args=[contract.reference, "2018-10"]),
            {"file": SimpleUploadedFile("oct.csv", path.read_bytes())},
        )
    upload = Upload.objects.get()
    assert upload.state == UploadState.READY
    return upload


def confirm(client, upload, capture) -> str:
    with capture(execute=True):
        response = client.post(upload.get_absolute_url())
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def assert_imported_once(upload):
    upload.refresh_from_db()
    # The first import's report: not "refused", nor "0 new" from a second run.
    assert (upload.state, upload.error, upload.counts.get("create")) == (
        UploadState.COMMITTED,
        "",
        2,
    )
    assert KPIFigure.objects.filter(state="submitted").count() == 2


def test_a_second_confirm_reports_the_first_ones_import(
    client, ready_upload, django_capture_on_commit_callbacks
):
    confirm(client, ready_upload, django_capture_on_commit_callbacks)
    page = confirm(client, ready_upload, django_capture_on_commit_callbacks)

    assert_imported_once(ready_upload)
    assert "2 new and 0 changed figures submitted for approval" in page
    assert "nothing was imported" not in page.lower()


def test_two_confirms_from_pages_opened_before_either_import_once(
    ready_upload, officer, manager, django_capture_on_commit_callbacks
):
    # Both people's requests read the upload while it was still ready.
    first, second = Upload.objects.get(), Upload.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        upload_start_commit(upload=first, user=officer)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        upload_start_commit(upload=second, user=manager)

    assert_imported_once(ready_upload)
    assert not queued  # the second started nothing
    assert ready_upload.committed_by == officer


def test_a_redelivered_import_task_reports_the_first_ones_result(
    ready_upload, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_start_commit(upload=ready_upload, user=officer)

    assert commit_upload_task(ready_upload.pk, officer.pk) == UploadState.COMMITTED
    assert_imported_once(ready_upload)
