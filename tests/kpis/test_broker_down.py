"""With the broker down (CELERY_BROKER_URL at a closed port), a person's action saves
its data, answers as usual and leaves its follow-up work pending; the sweeper does it
once the broker is back. Transactional tests: on_commit runs inside the request, as in
production."""

import logging
import time
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kpis.choices import Status, UploadState
from kpis.models import KPIFigure, KPIMonthStatus, RecomputeRequest, Upload
from kpis.recompute import recompute_statuses
from kpis.tasks import sweep_pending_work_task
from tests.factories import KPIFactory, KPIFigureFactory, KPITargetFactory

from .broker import broker, dead_broker  # noqa: F401 - fixture
from .spreadsheets import RETURN_HEADER, write_csv

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("dead_broker", "october_2018"),
]
D = Decimal
SEPTEMBER = date(2018, 9, 1)
FAST = 5  # seconds: a dead broker must not hold a person's page


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(
        contract=contract, service_area=contract.service_areas.get(name="IMT"), code="IMT_KPI_01"
    )
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    return kpi


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def post(client, path, data=None):
    started = time.monotonic()
    response = client.post(path, data or {})
    assert time.monotonic() - started < FAST
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def pending_undispatched(contract) -> bool:
    return RecomputeRequest.objects.filter(contract=contract, dispatched_at=None).exists()


def september_status(kpi) -> str | None:
    row = KPIMonthStatus.objects.filter(kpi=kpi, period=SEPTEMBER).first()
    return row.status if row else None


def sweep_with_the_broker_back() -> dict:
    with broker(None):
        return sweep_pending_work_task()


def test_approving_in_the_review_queue_saves_and_the_sweeper_judges_it(
    client, contract, kpi, officer, manager
):
    figure = KPIFigureFactory(
        kpi=kpi, period=SEPTEMBER, value=D(96), state="submitted", submitted_by=officer
    )
    client.force_login(manager)

    post(client, url("review", contract), {"figures": [figure.pk]})

    figure.refresh_from_db()
    assert figure.state == "approved"
    assert pending_undispatched(contract) and september_status(kpi) is None
    assert sweep_with_the_broker_back()["recomputes_queued"] == 1
    assert september_status(kpi) == Status.GREEN
    assert not RecomputeRequest.objects.exists()


def test_agreeing_a_mitigation_saves_and_the_sweeper_applies_it(client, contract, kpi, manager):
    KPIFigureFactory(kpi=kpi, period=SEPTEMBER, value=D(80))
    recompute_statuses(contract=contract)
    client.force_login(manager)

    post(
        client,
        url("mitigation_create", contract, kpi.code),
        {
            "start": "2018-09",
            "end": "",
            "reason": "Agresso and Mosaic are not integrated",
            "agreed_by": "Partnership Board",
            "agreed_on": "2018-10-01",
        },
    )

    assert kpi.mitigations.count() == 1
    assert pending_undispatched(contract) and september_status(kpi) == Status.RED
    sweep_with_the_broker_back()
    assert september_status(kpi) == Status.MITIGATED


def test_an_upload_waits_for_its_checks_and_import_and_the_sweeper_runs_them(
    client, contract, kpi, officer, tmp_path
):
    path = write_csv(tmp_path / "oct.csv", [RETURN_HEADER, [kpi.code, "2018-10", "97", "Ok"]])
    client.force_login(officer)

    response = post(
        client,
        url("upload_new", contract, "2018-10"),
        {"file": SimpleUploadedFile("oct.csv", path.read_bytes())},
    )

    upload = Upload.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "The checks are waiting: our task queue cannot be reached" in page
    assert (upload.state, upload.queued_at) == (UploadState.VALIDATING, None)
    assert sweep_with_the_broker_back()["uploads_queued"] == 1
    upload.refresh_from_db()
    assert upload.state == UploadState.READY

    post(client, upload.get_absolute_url())  # "Confirm and import", the broker down again

    page = client.get(upload.get_absolute_url()).content.decode()
    assert "The import is waiting" in page
    assert not KPIFigure.objects.exists()
    sweep_with_the_broker_back()
    upload.refresh_from_db()
    assert (upload.state, upload.committed_by) == (UploadState.COMMITTED, officer)
    assert KPIFigure.objects.get(kpi=kpi).value == D(97)


def test_import_returns_saves_says_the_recompute_is_pending_and_prints_no_traceback(
    contract, kpi, manager, tmp_path, caplog
):
    path = write_csv(tmp_path / "sep.csv", [RETURN_HEADER, [kpi.code, "2018-09", "96", ""]])
    out, err = StringIO(), StringIO()

    call_command(
        "import_returns",
        str(path),
        contract=contract.reference,
        approve=True,
        user=manager.username,
        stdout=out,
        stderr=err,
    )

    assert out.getvalue().splitlines() == [
        "CSSC: created 1, updated 0, unchanged 0, skipped 0 (empty value); figures saved approved",
        "CSSC: statuses recompute pending: the task queue cannot be reached; it is queued "
        "automatically within 5 minutes of the queue coming back.",
    ]
    assert err.getvalue() == ""
    assert not [record for record in caplog.records if record.exc_info]
    assert all(record.levelno <= logging.WARNING for record in caplog.records)
    sweep_with_the_broker_back()
    assert september_status(kpi) == Status.GREEN
