"""Thin tasks: each calls one service. All are safe to run twice (a recompute is
idempotent, closing never moves backwards, ReminderLog stops a second e-mail), which is
what makes late acknowledgement and redelivery after a lost worker safe."""

from celery import shared_task
from django.utils import timezone

from contracts.models import Contract
from contracts.periods import Month

from .closing import close_due_months, send_return_reminders
from .recompute import recompute_statuses


@shared_task(acks_late=True, reject_on_worker_lost=True)
def recompute_statuses_task(contract_id: int, period: str | None = None) -> int:
    contract = Contract.objects.get(pk=contract_id)
    runs = recompute_statuses(contract=contract, period=Month.parse(period) if period else None)
    return sum(run.rows_changed for run in runs)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def close_due_months_task() -> list[str]:
    """Daily at 03:00 Europe/London (`setup_schedules`)."""
    return [c.reference for c in close_due_months(today=timezone.localdate())]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_return_reminders_task() -> int:
    """Daily at 07:00 Europe/London (`setup_schedules`), after the close."""
    return send_return_reminders(today=timezone.localdate())
