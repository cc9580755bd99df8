from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from config.celery import app
from core.periods import Month
from kpis.tasks import (
    close_due_months_task,
    recompute_statuses_task,
    send_return_reminders_task,
    sweep_pending_work_task,
)
from tests.factories import ContractFactory

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
CLOSE = "kpis.tasks.close_due_months_task"
REMIND = "kpis.tasks.send_return_reminders_task"
SWEEP = "kpis.tasks.sweep_pending_work_task"


@pytest.mark.parametrize(
    "task",
    [
        recompute_statuses_task,
        close_due_months_task,
        send_return_reminders_task,
        sweep_pending_work_task,
    ],
)
def test_tasks_are_acknowledged_late_and_requeued_when_a_worker_dies(task):
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True


def test_the_visibility_timeout_fits_the_longest_task_not_hours():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    # Never redelivered while it may still run; redelivered soon after a worker dies.
    assert app.conf.task_time_limit < visibility <= app.conf.task_time_limit + 10 * 60


def test_the_tasks_are_registered_under_the_names_the_schedule_uses():
    assert {CLOSE, REMIND, SWEEP} <= set(app.tasks)


@pytest.mark.django_db
def test_the_close_uses_the_date_in_london_not_utc():
    contract = ContractFactory(closed_through=date(2018, 3, 1), auto_close_months=True)

    # 00:30 on 15 May in London is still 14 May in UTC; April closes on the 15th.
    with time_machine.travel(datetime(2018, 5, 15, 0, 30, tzinfo=LONDON), tick=False):
        result = close_due_months_task.delay()

    assert result.get() == [contract.reference]
    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)


# The schedule ---------------------------------------------------------------------------


def setup_schedules():
    out = StringIO()
    call_command("setup_schedules", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_schedules_runs_the_close_at_3_and_the_reminders_at_7_london_time():
    output = setup_schedules()

    close = PeriodicTask.objects.get(task=CLOSE)
    remind = PeriodicTask.objects.get(task=REMIND)
    assert (close.crontab.minute, close.crontab.hour) == ("0", "3")
    assert (remind.crontab.minute, remind.crontab.hour) == ("0", "7")
    for task in (close, remind):
        assert task.enabled and not task.one_off and task.interval is None
        crontab = task.crontab
        assert str(crontab.timezone) == "Europe/London"
        assert (crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == ("*",) * 3
    assert "created, daily at 03:00 Europe/London" in output


@pytest.mark.django_db
def test_setup_schedules_runs_the_sweeper_every_5_minutes():
    output = setup_schedules()

    sweep = PeriodicTask.objects.get(task=SWEEP)
    assert sweep.enabled and not sweep.one_off
    assert (sweep.crontab.minute, sweep.crontab.hour, sweep.crontab.day_of_week) == (
        "*/5",
        "*",
        "*",
    )
    assert "created, every 5 minutes" in output


@pytest.mark.django_db
def test_setup_schedules_twice_changes_nothing():
    setup_schedules()
    before = list(PeriodicTask.objects.values_list("name", "crontab_id", "date_changed"))

    output = setup_schedules()

    after = list(PeriodicTask.objects.values_list("name", "crontab_id", "date_changed"))
    assert after == before
    assert CrontabSchedule.objects.count() == 3
    assert output.count("unchanged") == 4  # with the Procurement Act reminders at 07:00


@pytest.mark.django_db
def test_setup_schedules_puts_back_a_schedule_edited_in_the_admin():
    setup_schedules()
    close = PeriodicTask.objects.get(task=CLOSE)
    close.crontab = CrontabSchedule.objects.create(minute="30", hour="4", timezone="UTC")
    close.enabled = False
    close.save()

    output = setup_schedules()

    close.refresh_from_db()
    assert (close.crontab.hour, str(close.crontab.timezone), close.enabled) == (
        "3",
        "Europe/London",
        True,
    )
    assert "updated" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_run", "first_due_utc"),
    [
        # Clocks go forward at 01:00 UTC on Sunday 25 March 2018: 03:00 is then 02:00 UTC.
        (datetime(2018, 3, 24, 3, tzinfo=LONDON), datetime(2018, 3, 25, 2, tzinfo=UTC)),
        # Clocks go back at 01:00 UTC on Sunday 28 October 2018: 03:00 is then 03:00 UTC.
        (datetime(2018, 10, 27, 3, tzinfo=LONDON), datetime(2018, 10, 28, 3, tzinfo=UTC)),
    ],
)
def test_beat_fires_the_close_at_3_london_time_across_the_clock_changes(last_run, first_due_utc):
    setup_schedules()
    schedule = PeriodicTask.objects.get(task=CLOSE).crontab.schedule

    with time_machine.travel(first_due_utc - timedelta(minutes=1), tick=False):
        assert not schedule.is_due(last_run).is_due
    with time_machine.travel(first_due_utc, tick=False):
        assert schedule.is_due(last_run).is_due
