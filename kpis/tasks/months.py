"""Closing months past their deadline and reminding officers of returns due."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from contracts.models import Contract

from .. import queue
from ..closing import close_due_months_fan_out, contract_close_due, send_return_reminders


@shared_task(name="kpis.tasks.close_due_months_task", acks_late=True, reject_on_worker_lost=True)
def close_due_months_task() -> list[str]:
    """Daily at 03:00 Europe/London (`setup_schedules`): one task per contract to close."""
    return [c.reference for c in close_due_months_fan_out(today=timezone.localdate())]


@shared_task(name=queue.CLOSE_CONTRACT_MONTHS, acks_late=True, reject_on_worker_lost=True)
def close_contract_months_task(contract_id: int, today: str) -> bool:
    """One contract's share of the daily close, as of the day the close was run."""
    contract = Contract.objects.get(pk=contract_id)
    return contract_close_due(contract=contract, today=date.fromisoformat(today))


@shared_task(
    name="kpis.tasks.send_return_reminders_task", acks_late=True, reject_on_worker_lost=True
)
def send_return_reminders_task() -> int:
    """Daily at 07:00 Europe/London (`setup_schedules`), after the close."""
    return send_return_reminders(today=timezone.localdate())
