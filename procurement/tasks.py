from celery import shared_task
from django.utils import timezone

from .reminders import send_assessment_reminders


@shared_task(
    name="procurement.tasks.send_assessment_reminders_task",
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_assessment_reminders_task() -> int:
    """Daily at 07:00 Europe/London (`setup_schedules`)."""
    return send_assessment_reminders(today=timezone.localdate())
