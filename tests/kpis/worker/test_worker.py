"""Against a real Celery worker taking tasks from Redis: recomputes, the daily close, a
worker killed.
Transactional tests, so that the worker sees committed data; the serialized rollback puts
back what migrations made (the Administrators and Clerks groups) after each test empties
the database."""

import os
import signal
from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from contracts.choices import Role
from core.periods import last_month_past_deadline
from kpis.choices import RunOutcome, Status
from kpis.models import (
    ContractPeriodSummary,
    KPIMonthStatus,
    RecomputeRequest,
    RecomputeRun,
    ReminderLog,
)
from kpis.tasks import (
    close_due_months_task,
    recompute_statuses_task,
    sweep_pending_work_task,
)
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory

from .helpers import (
    WAIT_SECONDS,
    enqueue,
    hold_contract_lock,
    require_postgres,
    start_worker,
    stop_worker,
    transactional,
    unacked_on,
    wait_for,
    waiting_for_lock,
)


@pytest.mark.broker
@transactional
def test_a_worker_takes_a_recompute_from_the_broker_and_writes_the_statuses(worker, broker_url):
    queue, log = worker
    contract = ContractFactory(closed_through=date(2018, 6, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1))
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    KPIFigureFactory(kpi=kpi, period=date(2018, 4, 1), value=Decimal(96))
    KPIFigureFactory(kpi=kpi, period=date(2018, 5, 1), value=Decimal(92))

    enqueue(
        recompute_statuses_task,
        contract.pk,
        None,
        queue=queue,
        broker_url=broker_url,
    )

    runs = RecomputeRun.objects.filter(contract=contract, outcome="succeeded")
    wait_for(runs.exists, "the worker's recompute", log)
    statuses = dict(KPIMonthStatus.objects.filter(kpi=kpi).values_list("period", "status"))
    assert statuses == {
        date(2018, 4, 1): Status.GREEN,
        date(2018, 5, 1): Status.AMBER,
        date(2018, 6, 1): Status.MISSING,
    }
    assert ContractPeriodSummary.objects.filter(contract=contract).count() == 3


@pytest.mark.broker
@transactional
def test_a_worker_runs_the_daily_close_and_tells_the_managers(worker, broker_url, member):
    queue, log = worker
    due = last_month_past_deadline(timezone.localdate(), 10)
    contract = ContractFactory(closed_through=due.add(-2).first_day, auto_close_months=True)
    KPIFactory(contract=contract, live_from=date(2018, 4, 1))
    manager = member(contract, Role.CONTRACT_MANAGER)

    enqueue(close_due_months_task, queue=queue, broker_url=broker_url)

    def closed():
        contract.refresh_from_db()
        return contract.closed_month == due

    wait_for(closed, f"the worker to close through {due}", log)
    assert RecomputeRun.objects.get(contract=contract).period == due.previous().first_day
    logs = ReminderLog.objects.filter(contract=contract, recipient=manager)
    wait_for(lambda: logs.count() == 2, "the managers' e-mails", log)
    assert f"{due.label} closed with figures missing" in log.read_text()


@pytest.mark.broker
@transactional
def test_a_recompute_whose_worker_is_killed_is_marked_abandoned_and_redone(
    django_db_setup, broker_url, tmp_path
):
    require_postgres()
    contract = ContractFactory(closed_through=date(2018, 6, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1))
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    KPIFigureFactory(kpi=kpi, period=date(2018, 4, 1), value=Decimal(96))
    # As an approval leaves it: requested, and handed to the broker.
    RecomputeRequest.objects.create(
        contract=contract, requested_at=timezone.now(), dispatched_at=timezone.now()
    )
    queue, log = f"oversight-test-{uuid4().hex}", tmp_path / "worker.log"
    process = start_worker(broker_url, queue, log, pool="prefork")
    hold_contract_lock(contract, held=True)
    try:
        enqueue(recompute_statuses_task, contract.pk, None, queue=queue, broker_url=broker_url)
        wait_for(lambda: waiting_for_lock(contract), "the worker's recompute to start", log)
        os.killpg(process.pid, signal.SIGKILL)  # the whole worker: main process and child
        process.wait(timeout=WAIT_SECONDS)
        assert unacked_on(queue, broker_url), "the message should wait in Redis's unacked set"
    finally:
        hold_contract_lock(contract, held=False)
        stop_worker(process, broker_url, queue)
    killed = RecomputeRun.objects.get(contract=contract)
    assert killed.outcome == RunOutcome.RUNNING and not KPIMonthStatus.objects.exists()

    later = timezone.now() + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT, minutes=1)
    with time_machine.travel(later):
        swept = sweep_pending_work_task()  # eager here: the broker and a worker are back

    killed.refresh_from_db()
    assert swept["abandoned_runs"] == 1
    assert killed.outcome == RunOutcome.ABANDONED
    redo = RecomputeRun.objects.filter(contract=contract).exclude(pk=killed.pk).get()
    assert redo.outcome == RunOutcome.SUCCEEDED
    statuses = dict(KPIMonthStatus.objects.filter(kpi=kpi).values_list("period", "status"))
    assert statuses == {
        date(2018, 4, 1): Status.GREEN,
        date(2018, 5, 1): Status.MISSING,
        date(2018, 6, 1): Status.MISSING,
    }
    assert not RecomputeRequest.objects.exists()
