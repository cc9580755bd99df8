"""The sweeper, run by beat every few minutes (`setup_schedules`): queues again the work
that a broker outage or a lost worker left behind. Everything it queues is safe to run
twice, so a duplicate of a message that was only slow costs time, never data."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from core.periods import Month

from .choices import RunOutcome, UploadState
from .models import RecomputeRequest, RecomputeRun, Upload
from .outbox import recompute_dispatch, recompute_request, requested_kpis
from .uploads import upload_dispatch


@dataclass(frozen=True)
class Swept:
    abandoned_runs: int
    recomputes_queued: int
    uploads_queued: int


def stuck_after() -> timedelta:
    """No task runs past the hard time limit: a run or message older than that is lost."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def sweep_pending_work(*, now: datetime) -> Swept:
    limit = now - stuck_after()
    return Swept(
        abandoned_runs=runs_abandon(before=limit, now=now),
        recomputes_queued=requests_dispatch(before=limit),
        uploads_queued=uploads_requeue(before=limit),
    )


def runs_abandon(*, before: datetime, now: datetime) -> int:
    """Mark runs still "running" past the time limit abandoned (their worker died) and
    request their recompute again."""
    stale = RecomputeRun.objects.filter(outcome=RunOutcome.RUNNING, started_at__lt=before)
    count = 0
    for run in stale.select_related("contract").exclude(contract=None):
        with transaction.atomic():
            marked = RecomputeRun.objects.filter(pk=run.pk, outcome=RunOutcome.RUNNING).update(
                outcome=RunOutcome.ABANDONED,
                finished_at=now,
                error="The worker stopped before finishing (killed or lost); recomputed again.",
            )
            if marked:
                period = Month.from_date(run.period) if run.period else None
                recompute_request(contract=run.contract, period=period)
                count += 1
    return count


def requests_dispatch(*, before: datetime) -> int:
    """Queue requests never handed to the broker, or handed over so long ago that
    their message must be lost."""
    due = RecomputeRequest.objects.filter(Q(dispatched_at=None) | Q(dispatched_at__lt=before))
    queued = 0
    for request in due.order_by("requested_at"):
        period = Month.from_date(request.period) if request.period else None
        queued += recompute_dispatch(
            contract_id=request.contract_id,
            period=period,
            kpi_ids=requested_kpis(request),
            token=request.token,
        )
    return queued


def uploads_requeue(*, before: datetime) -> int:
    """Queue again uploads checking or importing whose task never reached the broker,
    or reached it longer ago than any task may run."""
    busy = Upload.objects.filter(state__in=[UploadState.VALIDATING, UploadState.COMMITTING])
    stuck = busy.filter(Q(queued_at=None) | Q(queued_at__lt=before)).defer("data")
    return sum(upload_dispatch(upload=upload) for upload in stuck.order_by("pk"))
