"""The recompute outbox and the sweeper, with the broker down and back (kpis.outbox,
kpis.sweeper). The views and commands on top of them: test_broker_down.py; a worker
killed by signal: worker/test_worker.py."""

import logging
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contracts.choices import Role
from core.periods import Month, month_range
from kpis import services
from kpis.choices import RunOutcome, Status
from kpis.models import KPIMonthStatus, RecomputeRequest, RecomputeRun
from kpis.outbox import recompute_pending, recompute_request
from kpis.tasks import recompute_statuses_task, sweep_pending_work_task
from tests.factories import (
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MembershipFactory,
    MitigationFactory,
    UserFactory,
)

from .broker import broker, dead_broker  # noqa: F401 - fixture
from .conftest import OCTOBER_2018

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal
TIME_LIMIT = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


@pytest.fixture
def contract():
    return ContractFactory(closed_through=date(2018, 9, 1))


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1))
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90), effective_from=date(2018, 4, 1))
    return kpi


def request_of(contract):
    return RecomputeRequest.objects.filter(contract=contract).first()


def months_judged(kpi) -> dict:
    rows = KPIMonthStatus.objects.filter(kpi=kpi).values_list("period", "status")
    return {Month.from_date(period).label: status for period, status in rows}


def test_requests_for_a_contract_merge_keeping_the_earlier_month(contract):
    recompute_request(contract=contract, period=Month(2018, 9))
    recompute_request(contract=contract, period=Month(2018, 6))
    recompute_request(contract=contract, period=Month(2018, 8))

    pending = request_of(contract)
    assert (pending.period, pending.token, pending.dispatched_at) == (date(2018, 6, 1), 3, None)

    recompute_request(contract=contract, period=None)  # all months: the earliest of all
    recompute_request(contract=contract, period=Month(2018, 5))
    assert request_of(contract).period is None
    assert RecomputeRequest.objects.count() == 1


def test_a_recompute_takes_the_pending_request_and_its_earlier_month(contract, kpi):
    recompute_request(contract=contract, period=Month(2018, 6))

    recompute_statuses_task(contract.pk, "2018-09")

    assert RecomputeRun.objects.get().period == date(2018, 6, 1)
    assert request_of(contract) is None
    assert months_judged(kpi)["June 2018"] == Status.MISSING


def test_a_request_recorded_while_the_recompute_runs_stays_pending(contract, kpi, monkeypatch):
    recompute_request(contract=contract, period=Month(2018, 9))
    real = recompute_pending.__globals__["recompute_statuses"]

    def recompute_then_someone_approves(**kwargs):
        runs = real(**kwargs)
        recompute_request(contract=contract, period=Month(2018, 4))  # committed meanwhile
        return runs

    monkeypatch.setitem(
        recompute_pending.__globals__, "recompute_statuses", recompute_then_someone_approves
    )
    recompute_pending(contract=contract, period=Month(2018, 9))

    pending = request_of(contract)
    assert pending is not None, "the request recorded during the recompute was lost"
    assert pending.period == date(2018, 4, 1)


def _approve(kpi, user):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), state="submitted")
    services.figures_approve(figures=[figure], user=user)


def _correct(kpi, user):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=D(80))
    services.figure_correct(figure=figure, value=D(97), commentary="", reason="Typo", user=user)


def _agree_mitigation(kpi, user):
    services.mitigation_agree(
        kpi=kpi,
        start=Month(2018, 5),
        end=None,
        reason="Agresso and Mosaic are not integrated",
        agreed_by="Partnership Board",
        agreed_on=date(2018, 10, 1),
        user=user,
    )


def _end_mitigation(kpi, user):
    mitigation = MitigationFactory(kpi=kpi, start=date(2018, 5, 1))
    services.mitigation_end(mitigation=mitigation, end=Month(2018, 7), user=user)


def _add_target(kpi, user):
    services.target_add(
        kpi=kpi,
        effective_from=Month(2018, 10),
        target=D(97),
        minimum=D(92),
        user=user,
    )


def _save_kpi(kpi, user):
    kpi.name = "Renamed"
    services.kpi_save(kpi=kpi, user=user)


def _manager_of(contract):
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.CONTRACT_MANAGER)
    return user


EVERY_WRITE = [_approve, _correct, _agree_mitigation, _end_mitigation, _add_target, _save_kpi]


@pytest.mark.usefixtures("dead_broker")
@pytest.mark.parametrize("write", EVERY_WRITE, ids=lambda write: write.__name__.strip("_"))
def test_every_write_needing_a_recompute_keeps_it_pending_while_the_broker_is_down(
    write, contract, kpi, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        write(kpi, _manager_of(contract))

    assert callbacks, "no recompute was asked for"
    pending = request_of(contract)
    assert pending is not None and pending.dispatched_at is None
    assert not KPIMonthStatus.objects.filter(kpi=kpi).exists()
    warnings = [r for r in caplog.records if "stays pending" in r.getMessage()]
    assert warnings and all(r.levelno == logging.WARNING and not r.exc_info for r in warnings)

    with broker(None):  # the broker is back
        swept = sweep_pending_work_task()

    assert swept["recomputes_queued"] == 1
    assert request_of(contract) is None
    run = RecomputeRun.objects.get(contract=contract)
    assert (run.outcome, run.period) == (RunOutcome.SUCCEEDED, pending.period)
    closed = month_range(Month.from_date(pending.period), Month(2018, 9))
    assert set(months_judged(kpi)) == {month.label for month in closed}


def test_the_sweeper_leaves_a_request_just_handed_over_and_requeues_a_lost_one(contract, kpi):
    RecomputeRequest.objects.create(
        contract=contract, period=None, requested_at=timezone.now(), dispatched_at=timezone.now()
    )

    assert sweep_pending_work_task()["recomputes_queued"] == 0
    assert request_of(contract) is not None

    with time_machine.travel(OCTOBER_2018 + TIME_LIMIT + timedelta(minutes=1)):
        assert sweep_pending_work_task()["recomputes_queued"] == 1
    assert request_of(contract) is None
    assert len(months_judged(kpi)) == 6


def test_the_sweeper_marks_runs_running_past_the_time_limit_abandoned_and_redoes_them(
    contract, kpi
):
    killed = RecomputeRun.objects.create(
        contract=contract,
        period=date(2018, 7, 1),
        started_at=OCTOBER_2018 - TIME_LIMIT - timedelta(minutes=1),
    )
    running = RecomputeRun.objects.create(
        contract=ContractFactory(), started_at=OCTOBER_2018 - TIME_LIMIT + timedelta(minutes=1)
    )

    swept = sweep_pending_work_task()

    killed.refresh_from_db()
    running.refresh_from_db()
    assert swept == {"abandoned_runs": 1, "recomputes_queued": 1, "uploads_queued": 0}
    assert (killed.outcome, killed.finished_at) == (RunOutcome.ABANDONED, OCTOBER_2018)
    assert "killed or lost" in killed.error
    assert running.outcome == RunOutcome.RUNNING
    redo = RecomputeRun.objects.filter(contract=contract).latest()
    assert (redo.outcome, redo.period) == (RunOutcome.SUCCEEDED, date(2018, 7, 1))
    assert set(months_judged(kpi)) == {"July 2018", "August 2018", "September 2018"}


def test_a_request_is_recorded_in_the_changes_transaction_and_undone_with_it(contract, kpi):
    with pytest.raises(RuntimeError), transaction.atomic():
        _agree_mitigation(kpi, UserFactory())
        raise RuntimeError("the change fails after the request is recorded")

    assert request_of(contract) is None
