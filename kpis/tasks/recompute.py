"""Recomputing statuses, and the sweeper that queues again what was left pending."""

from celery import shared_task
from django.utils import timezone

from contracts.models import Contract
from core.periods import Month

from .. import queue
from ..outbox import recompute_pending
from ..sweeper import sweep_pending_work


@shared_task(name=queue.RECOMPUTE_STATUSES, acks_late=True, reject_on_worker_lost=True)
def recompute_statuses_task(
    contract_id: int, period: str | None = None, kpi_ids: list[int] | None = None
) -> int:
    """Also consumes the contract's pending request (the outbox, `kpis.outbox`)."""
    contract = Contract.objects.get(pk=contract_id)
    runs = recompute_pending(
        contract=contract, period=Month.parse(period) if period else None, kpi_ids=kpi_ids
    )
    return sum(run.rows_changed for run in runs)


@shared_task(name="kpis.tasks.sweep_pending_work_task", acks_late=True, reject_on_worker_lost=True)
def sweep_pending_work_task() -> dict:
    """Every 5 minutes (`setup_schedules`): queue what a broker outage or a lost worker
    left pending."""
    return vars(sweep_pending_work(now=timezone.now()))
