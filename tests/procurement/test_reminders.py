from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from contracts.choices import Role
from procurement.choices import ApprovalStatus
from procurement.models import AssessmentReminder
from procurement.reminders import send_assessment_reminders
from procurement.tasks import send_assessment_reminders_task
from tests.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def managers(details, manager, member):
    """Two contract managers with e-mail addresses and one without; an officer."""
    second = member(details.contract, Role.CONTRACT_MANAGER, username="manager2")
    silent = member(details.contract, Role.CONTRACT_MANAGER, username="nomail")
    silent.email = ""
    silent.save()
    member(details.contract, Role.OFFICER, username="officer")
    return [manager, second]


def test_reminders_none_before_the_30_days(managers):
    assert send_assessment_reminders(today=date(2018, 2, 28)) == 0
    assert mail.outbox == []


def test_reminders_from_30_days_before_to_each_manager_once(managers, settings):
    settings.SITE_URL = "https://oversight.example.gov.uk/"
    assert send_assessment_reminders(today=date(2018, 3, 1)) == 2
    assert send_assessment_reminders(today=date(2018, 3, 2)) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in managers
    )
    message = mail.outbox[0]
    assert message.subject == "CSSC: KPI assessment due by 31 March 2018"
    assert "April 2017 to March 2018 is due by Saturday 31 March 2018" in message.body
    assert "https://oversight.example.gov.uk/contracts/CSSC/assessments/" in message.body


def test_reminders_again_once_overdue(managers):
    send_assessment_reminders(today=date(2018, 3, 1))
    assert send_assessment_reminders(today=date(2018, 4, 1)) == 2
    assert send_assessment_reminders(today=date(2018, 5, 1)) == 0
    assert mail.outbox[-1].subject == "CSSC: KPI assessment overdue since 31 March 2018"
    assert AssessmentReminder.objects.count() == 4


def test_reminders_stop_once_an_assessment_is_approved(managers, details):
    AssessmentFactory(
        contract=details.contract,
        period_start=date(2017, 4, 1),
        period_end=date(2018, 3, 1),
        status=ApprovalStatus.APPROVED,
        created_by=UserFactory(),
    )
    assert send_assessment_reminders(today=date(2018, 4, 1)) == 0


def test_reminders_skip_contracts_without_procurement_details(contract, manager):
    assert send_assessment_reminders(today=date(2030, 1, 1)) == 0


def test_reminders_task_reads_the_date_of_today(managers):
    with time_machine.travel(date(2018, 3, 15), tick=False):
        assert send_assessment_reminders_task.delay().get() == 2


def test_reminders_scheduled_daily_at_7():
    output = StringIO()
    call_command("setup_schedules", stdout=output)
    task = PeriodicTask.objects.get(task="procurement.tasks.send_assessment_reminders_task")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "7",
        "0",
        "Europe/London",
    )
    assert "Procurement Act assessments due" in output.getvalue()
