"""Thin tasks: each calls one service. All are safe to run twice (a recompute is
idempotent, closing never moves backwards, ReminderLog stops a second e-mail), which is
what makes late acknowledgement and redelivery after a lost worker safe."""

import logging
from contextlib import contextmanager

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from contracts.models import Contract
from core.periods import Month

from .choices import UploadState
from .closing import close_due_months, send_return_reminders
from .models import Upload
from .outbox import recompute_pending
from .sweeper import sweep_pending_work
from .uploads import upload_commit, upload_fail, upload_validate

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def recompute_statuses_task(contract_id: int, period: str | None = None) -> int:
    """Also consumes the contract's pending request (the outbox, `kpis.outbox`)."""
    contract = Contract.objects.get(pk=contract_id)
    runs = recompute_pending(contract=contract, period=Month.parse(period) if period else None)
    return sum(run.rows_changed for run in runs)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_pending_work_task() -> dict:
    """Every 5 minutes (`setup_schedules`): queue what a broker outage or a lost worker
    left pending."""
    return vars(sweep_pending_work(now=timezone.now()))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def close_due_months_task() -> list[str]:
    """Daily at 03:00 Europe/London (`setup_schedules`)."""
    return [c.reference for c in close_due_months(today=timezone.localdate())]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_return_reminders_task() -> int:
    """Daily at 07:00 Europe/London (`setup_schedules`), after the close."""
    return send_return_reminders(today=timezone.localdate())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def validate_upload_task(upload_id: int) -> str:
    """Writes no figure, so running it twice is harmless."""
    with _failure_recorded(upload_id):
        return upload_validate(upload=Upload.objects.get(pk=upload_id)).state
    return UploadState.FAILED


@shared_task(acks_late=True, reject_on_worker_lost=True)
def commit_upload_task(upload_id: int, user_id: int) -> str:
    """A second run (a redelivery, the sweeper) waits for the first and reports its
    result (`upload_commit` locks the upload)."""
    upload = Upload.objects.select_related("contract").get(pk=upload_id)
    if upload.state != UploadState.COMMITTING:
        return upload.state
    with _failure_recorded(upload_id):
        user = get_user_model().objects.get(pk=user_id)
        return upload_commit(upload=upload, user=user).state
    return UploadState.FAILED


@contextmanager
def _failure_recorded(upload_id: int):
    """A bug must not leave the page showing progress for ever: the upload is marked
    failed (nothing was imported: the import is one transaction) and the error logged."""
    try:
        yield
    except Exception:
        logger.exception("Upload %s failed", upload_id)
        upload_fail(upload_id=upload_id)
