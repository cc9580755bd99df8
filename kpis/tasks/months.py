"""Closing months past their deadline and reminding officers of returns due."""

from celery import shared_task
from django.utils import timezone

from ..closing import close_due_months, send_return_reminders


@shared_task(name="kpis.tasks.close_due_months_task", acks_late=True, reject_on_worker_lost=True)
def close_due_months_task() -> list[str]:
    """Daily at 03:00 Europe/London (`setup_schedules`)."""
    return [c.reference for c in close_due_months(today=timezone.localdate())]


@shared_task(
    name="kpis.tasks.send_return_reminders_task", acks_late=True, reject_on_worker_lost=True
)
def send_return_reminders_task() -> int:
    """Daily at 07:00 Europe/London (`setup_schedules`), after the close."""
    return send_return_reminders(today=timezone.localdate())
