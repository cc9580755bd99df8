"""Register the periodic tasks celery beat runs, in its database schedule: the ones
below, then those an app above declares as `schedules` on its AppConfig.

Run on every release, after `migrate`; running it again changes nothing. The schedule
is defined here, not in the admin: an edit made there is put back by the next run."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    hour: str  # crontab fields, in CELERY_TIMEZONE
    minute: str = "0"

    @property
    def when(self) -> str:
        if self.hour == "*":
            return f"every {self.minute.removeprefix('*/')} minutes"
        return f"daily at {int(self.hour):02d}:{int(self.minute):02d} {settings.CELERY_TIMEZONE}"


SCHEDULES = [
    Schedule("Close months past their return deadline", "kpis.tasks.close_due_months_task", "3"),
    Schedule("Remind officers of returns due", "kpis.tasks.send_return_reminders_task", "7"),
    Schedule(
        "Queue work left pending by a broker outage or a lost worker",
        "kpis.tasks.sweep_pending_work_task",
        hour="*",
        minute="*/5",
    ),
]


class Command(BaseCommand):
    help = "Create or update the periodic tasks celery beat runs (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for schedule in all_schedules():
                outcome = ensure_periodic_task(schedule)
                self.stdout.write(f"{schedule.name} ({schedule.task}): {outcome}, {schedule.when}")


def all_schedules() -> list[Schedule]:
    """SCHEDULES, then each app's `schedules`: (name, task, hour) tuples, daily."""
    declared = [
        Schedule(*entry)
        for app in apps.get_app_configs()
        for entry in getattr(app, "schedules", ())
    ]
    return [*SCHEDULES, *declared]


def crontab(hour: str, minute: str) -> CrontabSchedule:
    # Beat's crontabs follow their own time zone, so it is set on each one.
    fields = {
        "minute": minute,
        "hour": hour,
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        "timezone": settings.CELERY_TIMEZONE,
    }
    existing = CrontabSchedule.objects.filter(**fields).order_by("pk").first()
    return existing or CrontabSchedule.objects.create(**fields)


def ensure_periodic_task(schedule: Schedule) -> str:
    """Create or correct the task; "created", "updated" or "unchanged"."""
    wanted = {
        "task": schedule.task,
        "crontab_id": crontab(schedule.hour, schedule.minute).pk,
        "interval_id": None,
        "solar_id": None,
        "clocked_id": None,
        "one_off": False,
        "enabled": True,
    }
    task = PeriodicTask.objects.filter(name=schedule.name).first()
    if task is None:
        PeriodicTask.objects.create(name=schedule.name, **wanted)
        return "created"
    changes = {field: value for field, value in wanted.items() if getattr(task, field) != value}
    if not changes:
        return "unchanged"
    for field, value in changes.items():
        setattr(task, field, value)
    task.save()
    return "updated"
