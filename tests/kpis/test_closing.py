from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from contracts.choices import ContractStatus
from contracts.models import Contract
from core.periods import Month, month_range, return_deadline
from kpis import closing
from kpis.choices import Status
from kpis.closing import MonthCloseFailed, close_due_months, month_close
from kpis.models import KPIMonthStatus, RecomputeRun
from kpis.tasks import close_contract_months_task, close_due_months_task
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory

from .broker import dead_broker  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")

# Worked out by hand from a calendar, not by the code under test. England and Wales bank
# holidays in range: 30 Mar, 2 Apr, 7 May, 28 May, 27 Aug, 25 and 26 Dec 2018; 1 Jan,
# 19 and 22 Apr, 6 and 27 May 2019.
CLOSES_WITH_10_WORKING_DAYS = {
    "2018-02": date(2018, 3, 14),
    "2018-03": date(2018, 4, 16),  # Easter Monday 2 April is skipped
    "2018-04": date(2018, 5, 15),  # early May bank holiday 7 May is skipped
    "2018-05": date(2018, 6, 14),
    "2018-06": date(2018, 7, 13),
    "2018-07": date(2018, 8, 14),
    "2018-08": date(2018, 9, 14),
    "2018-09": date(2018, 10, 12),
    "2018-10": date(2018, 11, 14),  # after the clocks went back on Sunday 28 October
    "2018-11": date(2018, 12, 14),
    "2018-12": date(2019, 1, 15),  # New Year's Day is skipped
    "2019-01": date(2019, 2, 14),
    "2019-02": date(2019, 3, 14),
    "2019-03": date(2019, 4, 12),
    "2019-04": date(2019, 5, 15),  # early May bank holiday 6 May is skipped
}
CLOSES_WITH_15_WORKING_DAYS = {
    "2018-02": date(2018, 3, 21),
    "2018-03": date(2018, 4, 23),
    "2018-04": date(2018, 5, 22),
    "2018-05": date(2018, 6, 21),
    "2018-06": date(2018, 7, 20),
    "2018-07": date(2018, 8, 21),
    "2018-08": date(2018, 9, 21),
    "2018-09": date(2018, 10, 19),
    "2018-10": date(2018, 11, 21),
    "2018-11": date(2018, 12, 21),
    "2018-12": date(2019, 1, 22),
    "2019-01": date(2019, 2, 21),
    "2019-02": date(2019, 3, 21),
    "2019-03": date(2019, 4, 23),  # Good Friday 19 and Easter Monday 22 April skipped
    "2019-04": date(2019, 5, 22),
}
# Spot checks for 20 working days, whose deadlines cross more holidays.
CLOSES_WITH_20_WORKING_DAYS = {
    "2018-04": date(2018, 5, 30),  # both May bank holidays skipped
    "2018-11": date(2019, 1, 2),  # Christmas, Boxing Day and New Year's Day skipped
    "2019-03": date(2019, 4, 30),  # Easter 2019 skipped
}


def at(day: date, hour: int = 3):
    """Freeze the clock at `hour`:00 in London on `day`, as beat's crontab fires."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False
    )


def days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def run_daily(first: date, last: date, skip=()):
    """Run the 03:00 task on each day from first to last; return, per contract
    reference, the (month closed, day) pairs in the order they happened."""
    closes = {}
    seen = dict(Contract.objects.values_list("reference", "closed_through"))
    for day in days(first, last):
        if day in skip:
            continue
        with at(day):
            close_due_months_task.delay()
        for reference, closed in Contract.objects.values_list("reference", "closed_through"):
            if closed != seen[reference]:
                moved = month_range(
                    Month.from_date(seen[reference]).next(), Month.from_date(closed)
                )
                closes.setdefault(reference, []).extend((str(m), day) for m in moved)
                seen[reference] = closed
    return closes


def auto_closing(reference, closed_through=date(2018, 1, 1), working_days=10, **extra):
    extra.setdefault("auto_close_months", True)
    return ContractFactory(
        reference=reference,
        closed_through=closed_through,
        return_deadline_working_days=working_days,
        **extra,
    )


def test_hand_worked_deadlines_agree_with_periods():
    for table, working_days in [
        (CLOSES_WITH_10_WORKING_DAYS, 10),
        (CLOSES_WITH_15_WORKING_DAYS, 15),
        (CLOSES_WITH_20_WORKING_DAYS, 20),
    ]:
        for month, deadline in table.items():
            assert return_deadline(Month.parse(month), working_days) == deadline, month


def test_a_year_of_daily_runs_closes_each_month_once_on_its_deadline_day():
    ten = auto_closing("TEN")
    fifteen = auto_closing("FIFTEEN", working_days=15, status=ContractStatus.MOBILISATION)
    twenty = auto_closing("TWENTY", working_days=20, status=ContractStatus.EXIT)
    manual = auto_closing("MANUAL", auto_close_months=False)
    ended = auto_closing("ENDED", status=ContractStatus.ENDED)
    kpi = KPIFactory(contract=ten, live_from=date(2018, 1, 1))

    # 1 March 2018 to 31 May 2019: both Easters, three clock changes (25 March and
    # 28 October 2018, 31 March 2019), Christmas and the May bank holidays.
    closes = run_daily(date(2018, 3, 1), date(2019, 5, 31))

    assert closes["TEN"] == list(CLOSES_WITH_10_WORKING_DAYS.items())
    assert closes["FIFTEEN"] == list(CLOSES_WITH_15_WORKING_DAYS.items())
    twenty_months = [month for month, _ in closes["TWENTY"]]
    assert twenty_months == [str(m) for m in month_range(Month(2018, 2), Month(2019, 4))]
    assert CLOSES_WITH_20_WORKING_DAYS.items() <= dict(closes["TWENTY"]).items()
    assert "MANUAL" not in closes and "ENDED" not in closes
    for contract in (manual, ended):
        contract.refresh_from_db()
        assert contract.closed_through == date(2018, 1, 1)
        assert not RecomputeRun.objects.filter(contract=contract).exists()
    # Each close recomputed once, from the month it closed.
    runs = RecomputeRun.objects.filter(contract=ten).order_by("started_at")
    assert [str(Month.from_date(run.period)) for run in runs] == list(CLOSES_WITH_10_WORKING_DAYS)
    assert RecomputeRun.objects.filter(contract__in=[fifteen, twenty]).count() == 30
    assert set(KPIMonthStatus.objects.filter(kpi=kpi).values_list("status", flat=True)) == {
        Status.MISSING
    }
    assert KPIMonthStatus.objects.filter(kpi=kpi).count() == len(CLOSES_WITH_10_WORKING_DAYS)


def test_the_month_closes_on_its_deadline_day_not_the_day_before():
    contract = auto_closing("CSSC", closed_through=date(2018, 3, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    KPIFigureFactory(kpi=kpi, period=date(2018, 4, 1), state="submitted")

    with at(date(2018, 5, 14), hour=23):
        close_due_months_task.delay()
    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 3)

    with at(date(2018, 5, 15), hour=0):
        close_due_months_task.delay()
    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)
    assert KPIMonthStatus.objects.get(kpi=kpi, period=date(2018, 4, 1)).status == Status.MISSING


def test_a_run_skipped_for_several_days_catches_up():
    auto_closing("CSSC", closed_through=date(2018, 3, 1))
    skipped = set(days(date(2018, 5, 15), date(2018, 5, 20)))

    closes = run_daily(date(2018, 5, 1), date(2018, 5, 31), skip=skipped)

    assert closes["CSSC"] == [("2018-04", date(2018, 5, 21))]


def test_a_run_missed_for_over_a_month_closes_every_month_due_and_recomputes_once():
    contract = auto_closing("CSSC", closed_through=date(2018, 3, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))

    closed = close_due_months(today=date(2018, 6, 20))

    assert closed == [contract]
    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 5)
    assert list(RecomputeRun.objects.values_list("period", flat=True)) == [date(2018, 4, 1)]
    statuses = KPIMonthStatus.objects.filter(kpi=kpi).values_list("period", "status")
    assert dict(statuses) == {date(2018, 4, 1): Status.MISSING, date(2018, 5, 1): Status.MISSING}


def test_a_second_run_on_the_same_day_changes_nothing():
    auto_closing("CSSC", closed_through=date(2018, 3, 1))

    assert len(close_due_months(today=date(2018, 5, 15))) == 1
    assert close_due_months(today=date(2018, 5, 15)) == []
    assert RecomputeRun.objects.count() == 1


def test_a_contract_closed_ahead_by_hand_is_never_moved_back():
    contract = auto_closing("CSSC", closed_through=date(2018, 6, 1))

    assert close_due_months(today=date(2018, 5, 15)) == []

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 6)


def test_month_close_moves_forward_and_recomputes_from_the_first_newly_closed_month():
    contract = auto_closing("CSSC", closed_through=date(2018, 3, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))

    assert month_close(contract=contract, through=Month(2018, 5)) is True

    assert contract.closed_month == Month(2018, 5)
    run = RecomputeRun.objects.get()
    assert run.period == date(2018, 4, 1)
    assert KPIMonthStatus.objects.filter(kpi=kpi, status=Status.MISSING).count() == 2


@pytest.mark.parametrize("through", [Month(2018, 2), Month(2018, 3)])
def test_month_close_never_moves_backwards(through):
    contract = auto_closing("CSSC", closed_through=date(2018, 3, 1))

    assert month_close(contract=contract, through=through) is False

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 3)
    assert not RecomputeRun.objects.exists()


def test_a_contract_never_closed_is_closed_through_the_last_month_due():
    contract = auto_closing("NEW", closed_through=None)
    kpi = KPIFactory(contract=contract, live_from=date(2018, 2, 1))

    close_due_months(today=date(2018, 5, 15))

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)
    assert RecomputeRun.objects.get().period is None
    assert KPIMonthStatus.objects.filter(kpi=kpi).count() == 3


def test_a_failure_on_one_contract_leaves_it_open_and_the_others_closed(monkeypatch):
    broken = auto_closing("BROKEN", closed_through=date(2018, 3, 1))
    healthy = auto_closing("HEALTHY", closed_through=date(2018, 3, 1))
    recompute = closing.recompute_statuses

    def fail_for_broken(*, contract, period):
        if contract.pk == broken.pk:
            raise RuntimeError("database went away")
        return recompute(contract=contract, period=period)

    monkeypatch.setattr(closing, "recompute_statuses", fail_for_broken)

    with pytest.raises(MonthCloseFailed, match="BROKEN"):
        close_due_months(today=date(2018, 5, 15))

    broken.refresh_from_db()
    healthy.refresh_from_db()
    assert broken.closed_month == Month(2018, 3)  # rolled back with its recompute
    assert healthy.closed_month == Month(2018, 4)
    monkeypatch.undo()
    assert close_due_months(today=date(2018, 5, 16)) == [broken]


# The close_month command --------------------------------------------------------------


def close_month(*args):
    from io import StringIO

    out = StringIO()
    call_command("close_month", *args, stdout=out)
    return out.getvalue()


def test_close_month_defaults_to_the_last_month_past_its_deadline():
    contract = ContractFactory(reference="CSSC", closed_through=date(2018, 3, 1))

    with at(date(2018, 6, 14), hour=12):
        output = close_month("--contract", "CSSC")

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 5)
    assert output.strip() == (
        "Closed CSSC through May 2018 (was March 2018); statuses recomputed from April 2018."
    )
    assert RecomputeRun.objects.get().period == date(2018, 4, 1)


def test_close_month_follows_the_contracts_working_days():
    contract = ContractFactory(
        reference="CSSC", closed_through=date(2018, 3, 1), return_deadline_working_days=15
    )

    with at(date(2018, 6, 14), hour=12):
        close_month("--contract", "CSSC")

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)


def test_close_month_through_a_given_month():
    contract = ContractFactory(reference="CSSC", closed_through=date(2018, 3, 1))

    with at(date(2018, 5, 2), hour=12):
        close_month("--contract", "cssc", "--through", "2018-04")

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)


def test_close_month_refuses_to_move_backwards():
    contract = ContractFactory(reference="CSSC", closed_through=date(2018, 9, 1))

    with pytest.raises(CommandError, match="closed through September 2018 and closed months"):
        close_month("--contract", "CSSC", "--through", "2018-08")

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 9)
    assert not RecomputeRun.objects.exists()


def test_close_month_to_the_month_already_closed_does_nothing():
    ContractFactory(reference="CSSC", closed_through=date(2018, 9, 1))

    output = close_month("--contract", "CSSC", "--through", "2018-09")

    assert "already closed through September 2018: nothing to do" in output
    assert not RecomputeRun.objects.exists()


def test_close_month_refuses_a_month_that_has_not_ended():
    ContractFactory(reference="CSSC", closed_through=date(2018, 3, 1))

    with at(date(2018, 5, 31), hour=12), pytest.raises(CommandError, match="not ended"):
        close_month("--contract", "CSSC", "--through", "2018-05")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--contract", "NOPE"], "No contract with the reference NOPE"),
        (["--contract", "CSSC", "--through", "May 2018"], "is not a month written YYYY-MM"),
    ],
)
def test_close_month_explains_bad_arguments(args, message):
    ContractFactory(reference="CSSC")

    with pytest.raises(CommandError, match=message):
        close_month(*args)


# Fanning out: one task per contract ---------------------------------------------------


def test_the_daily_close_queues_one_task_per_contract_with_a_month_to_close(monkeypatch):
    due = [auto_closing(ref, closed_through=date(2018, 3, 1)) for ref in ("ONE", "TWO")]
    auto_closing("AHEAD", closed_through=date(2018, 4, 1))  # nothing to close
    queued = []

    def queue(*, contract_id, today):
        queued.append((contract_id, today))
        return True

    monkeypatch.setattr(closing, "queue_contract_close", queue)
    handed = closing.close_due_months_fan_out(today=date(2018, 5, 15))

    assert handed == due
    assert queued == [(c.pk, date(2018, 5, 15)) for c in due]
    assert not RecomputeRun.objects.exists()  # the workers close them, not this task


@pytest.mark.usefixtures("dead_broker")
def test_the_daily_close_closes_here_a_contract_the_broker_cannot_take():
    contract = auto_closing("CSSC", closed_through=date(2018, 3, 1))

    assert closing.close_due_months_fan_out(today=date(2018, 5, 15)) == [contract]

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)


def test_a_contracts_close_task_closes_as_of_the_day_the_close_ran():
    contract = auto_closing("CSSC", closed_through=date(2018, 3, 1))

    with at(date(2018, 7, 1)):  # the worker took the message late
        assert close_contract_months_task.delay(contract.pk, "2018-05-15").get() is True

    contract.refresh_from_db()
    assert contract.closed_month == Month(2018, 4)
