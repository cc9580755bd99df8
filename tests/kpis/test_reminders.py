import logging
import smtplib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from contracts.choices import Role
from core.periods import Month
from kpis import closing
from kpis.closing import (
    close_due_months,
    notify_missing_returns,
    reminder_date,
    send_return_reminders,
)
from kpis.models import ReminderKind, ReminderLog
from kpis.tasks import send_return_reminders_task
from tests.factories import (
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
APRIL = Month(2018, 4)
# April 2018 closes on Tuesday 15 May 2018 (10 working days, 7 May a bank holiday):
# officers are reminded three working days before, on Thursday 10 May.
REMINDER_DAY = date(2018, 5, 10)
DEADLINE = date(2018, 5, 15)


@pytest.fixture
def cssc(member):
    contract = ContractFactory(
        reference="CSSC",
        title="Corporate Support Services",
        closed_through=date(2018, 3, 1),
        auto_close_months=True,
    )
    imt = ServiceAreaFactory(contract=contract, name="IMT", sort_order=1)
    csc = ServiceAreaFactory(contract=contract, name="Customer Service Centre", sort_order=2)
    kpis = {
        "IMT_01": KPIFactory(contract=contract, service_area=imt, code="IMT_01"),
        "IMT_02": KPIFactory(contract=contract, service_area=imt, code="IMT_02"),
        "CSC_01": KPIFactory(contract=contract, service_area=csc, code="CSC_01"),
        # Not due in April: quarterly (June), retired, not live yet.
        "CSC_Q": KPIFactory(contract=contract, service_area=csc, frequency="quarterly"),
        "CSC_OLD": KPIFactory(contract=contract, service_area=csc, retired_from=date(2018, 4, 1)),
        "CSC_NEW": KPIFactory(contract=contract, service_area=csc, live_from=date(2018, 5, 1)),
    }
    KPIFigureFactory(kpi=kpis["IMT_01"], period=APRIL.first_day, state="submitted")
    KPIFigureFactory(kpi=kpis["CSC_01"], period=APRIL.first_day, state="draft")
    people = {
        "imt_officer": member(contract, Role.OFFICER, service_areas=[imt], username="imt"),
        "any_officer": member(contract, Role.OFFICER, username="any"),
        "csc_officer": member(contract, Role.OFFICER, service_areas=[csc], username="csc"),
        "manager": member(contract, Role.CONTRACT_MANAGER, username="boss"),
        "board": member(contract, Role.BOARD_MEMBER, username="board"),
    }
    other = ContractFactory(reference="OTHER", closed_through=date(2018, 3, 1))
    member(other, Role.OFFICER, username="elsewhere")
    KPIFactory(contract=other)
    return contract, kpis, people


def at(day: date, hour: int = 7):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False
    )


def sent_to(mails):
    return sorted(address for mail in mails for address in mail.to)


def listed_codes(mail):
    return [line.split()[1] for line in mail.body.splitlines() if line.startswith("- ")]


def test_the_reminder_day_is_three_working_days_before_the_deadline():
    assert reminder_date(APRIL, 10) == REMINDER_DAY
    assert reminder_date(Month(2018, 12), 10) == date(2019, 1, 10)  # deadline 15 January
    # March 2019 with 15 working days: deadline Tuesday 23 April, after Easter.
    assert reminder_date(Month(2019, 3), 15) == date(2019, 4, 16)


def test_officers_are_reminded_once_on_the_reminder_day_of_the_kpis_they_still_owe(
    cssc, mailoutbox
):
    by_day = {}
    day = date(2018, 5, 1)
    while day <= date(2018, 5, 31):
        with at(day):
            send_return_reminders_task.delay()
        by_day[day] = list(mailoutbox)
        mailoutbox.clear()
        day += timedelta(days=1)

    assert {day for day, mails in by_day.items() if mails} == {REMINDER_DAY}
    mails = {mail.to[0]: mail for mail in by_day[REMINDER_DAY]}
    assert sorted(mails) == ["any@example.org", "csc@example.org", "imt@example.org"]
    # IMT_01 was submitted; CSC_01 is only a draft.
    assert listed_codes(mails["imt@example.org"]) == ["IMT_02"]
    assert listed_codes(mails["any@example.org"]) == ["IMT_02", "CSC_01"]
    assert listed_codes(mails["csc@example.org"]) == ["CSC_01"]
    assert mails["imt@example.org"].subject == (
        "CSSC: figures for April 2018 due by the end of Monday 14 May 2018"
    )
    assert "The month closes on Tuesday 15 May 2018" in mails["imt@example.org"].body


def test_nothing_is_sent_when_every_due_figure_is_submitted_or_approved(cssc, mailoutbox):
    contract, kpis, _ = cssc
    KPIFigureFactory(kpi=kpis["IMT_02"], period=APRIL.first_day, state="approved")
    kpis["CSC_01"].figures.update(state="submitted")

    assert send_return_reminders(today=REMINDER_DAY) == 0
    assert mailoutbox == []


def test_a_rerun_on_the_same_day_sends_nothing_more(cssc, mailoutbox):
    assert send_return_reminders(today=REMINDER_DAY) == 3
    assert send_return_reminders(today=REMINDER_DAY) == 0

    assert len(mailoutbox) == 3
    assert (
        ReminderLog.objects.filter(kind=ReminderKind.RETURN_DUE, period=APRIL.first_day).count()
        == 3
    )


def test_a_run_missed_on_the_reminder_day_catches_up_before_the_deadline(cssc, mailoutbox):
    assert send_return_reminders(today=date(2018, 5, 14)) == 3
    assert send_return_reminders(today=date(2018, 5, 14)) == 0


def test_no_reminder_once_the_deadline_has_come(cssc, mailoutbox):
    assert send_return_reminders(today=DEADLINE) == 0
    assert mailoutbox == []


def test_no_reminder_for_a_month_closed_by_hand(cssc, mailoutbox):
    contract, _, _ = cssc
    contract.closed_through = APRIL.first_day
    contract.save()

    assert send_return_reminders(today=REMINDER_DAY) == 0


def test_no_reminder_for_a_contract_closing_by_hand(cssc, mailoutbox):
    contract, _, _ = cssc
    contract.auto_close_months = False
    contract.save()

    assert send_return_reminders(today=REMINDER_DAY) == 0


def test_an_officer_without_an_e_mail_address_or_inactive_is_skipped(cssc, mailoutbox):
    _, _, people = cssc
    people["imt_officer"].email = ""
    people["imt_officer"].save()
    people["csc_officer"].is_active = False
    people["csc_officer"].save()

    send_return_reminders(today=REMINDER_DAY)

    assert sent_to(mailoutbox) == ["any@example.org"]


def test_a_failed_send_is_not_logged_and_the_next_run_sends_it(cssc, mailoutbox, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(closing, "send_mail", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_return_reminders(today=REMINDER_DAY)
    assert not ReminderLog.objects.exists()

    monkeypatch.undo()
    assert send_return_reminders(today=date(2018, 5, 11)) == 3


def test_each_e_mail_is_logged_with_its_recipient_contract_and_month(cssc, caplog):
    with caplog.at_level(logging.INFO, logger="kpis.closing"):
        send_return_reminders(today=REMINDER_DAY)

    messages = [r.getMessage() for r in caplog.records if r.name == "kpis.closing"]
    assert "E-mailed imt <imt@example.org>: Return due soon, CSSC 2018-04" in messages
    assert len(messages) == 3


# Managers, when a month closes with returns missing ----------------------------------


def test_managers_are_told_when_a_month_closes_with_returns_missing(
    cssc, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close_due_months(today=DEADLINE)

    assert sent_to(mailoutbox) == ["boss@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "CSSC: April 2018 closed with figures missing"
    assert listed_codes(mail) == ["IMT_01", "IMT_02", "CSC_01"]
    assert "- IMT_01 " in mail.body and "submitted, not yet approved" in mail.body
    assert "passed on Tuesday 15 May 2018" in mail.body
    assert ReminderLog.objects.get().kind == ReminderKind.RETURNS_MISSING


def test_managers_are_told_once(cssc, mailoutbox):
    contract, _, _ = cssc

    assert notify_missing_returns(contract=contract, month=APRIL) == 1
    assert notify_missing_returns(contract=contract, month=APRIL) == 0
    assert len(mailoutbox) == 1


def test_managers_hear_nothing_when_every_figure_is_approved(
    cssc, mailoutbox, django_capture_on_commit_callbacks
):
    _, kpis, _ = cssc
    for code in ("IMT_01", "CSC_01"):
        kpis[code].figures.update(state="approved")
    KPIFigureFactory(kpi=kpis["IMT_02"], period=APRIL.first_day, state="approved")

    with django_capture_on_commit_callbacks(execute=True):
        close_due_months(today=DEADLINE)

    assert mailoutbox == []


def test_catching_up_tells_managers_about_each_month_closed(
    cssc, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close_due_months(today=date(2018, 6, 20))

    assert [mail.subject for mail in mailoutbox] == [
        "CSSC: April 2018 closed with figures missing",
        "CSSC: May 2018 closed with figures missing",
    ]
