"""PostgreSQL's advisory lock serialising recomputes, and two imports of one upload at once.
Transactional tests, so that the threads see committed data (see test_worker.py)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from contracts.choices import Role
from contracts.models import Contract
from kpis.choices import Status, UploadState
from kpis.closing import close_due_months
from kpis.models import (
    ContractPeriodSummary,
    KPIFigure,
    KPIMonthStatus,
    RecomputeRun,
    Upload,
)
from kpis.recompute import LOCK_NAMESPACE, recompute_statuses
from kpis.tasks import (
    commit_upload_task,
)
from kpis.uploads import upload_validate
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory

from .helpers import (
    WAIT_SECONDS,
    in_thread,
    require_postgres,
    transactional,
    wait_for,
    waiting_for_lock,
)


@pytest.fixture
def submitted_june():
    contract = ContractFactory(closed_through=date(2018, 6, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1))
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 6, 1), state="submitted")
    return contract, kpi, figure


@pytest.mark.postgres
@transactional
def test_a_recompute_waits_for_the_contracts_lock_and_then_sees_the_approval(submitted_june):
    require_postgres()
    contract, kpi, figure = submitted_june
    locked, release, results = threading.Event(), threading.Event(), {}

    def hold_lock_then_approve():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_NAMESPACE + contract.pk])
            locked.set()
            release.wait(timeout=WAIT_SECONDS)
            KPIFigure.objects.filter(pk=figure.pk).update(state="approved")

    def recompute():
        return recompute_statuses(contract=Contract.objects.get(pk=contract.pk))

    holder = in_thread(hold_lock_then_approve, results, "holder")
    assert locked.wait(timeout=WAIT_SECONDS)
    recomputer = in_thread(recompute, results, "recompute")
    wait_for(lambda: waiting_for_lock(contract), "the recompute to wait for the lock")
    assert recomputer.is_alive()
    assert not KPIMonthStatus.objects.exists()

    release.set()
    holder.join(WAIT_SECONDS)
    recomputer.join(WAIT_SECONDS)

    assert not isinstance(results["recompute"], Exception), results["recompute"]
    assert results["holder"] is None
    statuses = KPIMonthStatus.objects.filter(kpi=kpi).order_by("period")
    assert [(row.period.month, row.status) for row in statuses] == [
        (4, Status.MISSING),
        (5, Status.MISSING),
        (6, Status.GREEN),  # the approval committed while the recompute waited
    ]
    assert statuses.get(period=date(2018, 6, 1)).figure_id == figure.pk


@pytest.mark.postgres
@transactional
def test_two_recomputes_at_once_both_succeed_without_duplicate_rows(submitted_june):
    require_postgres()
    contract, kpi, _ = submitted_june
    start, results = threading.Barrier(2, timeout=WAIT_SECONDS), {}

    def recompute():
        start.wait()
        return recompute_statuses(contract=Contract.objects.get(pk=contract.pk))

    threads = [in_thread(recompute, results, name) for name in ("first", "second")]
    for thread in threads:
        thread.join(WAIT_SECONDS)

    for name in ("first", "second"):
        assert not isinstance(results[name], Exception), results[name]
    assert RecomputeRun.objects.filter(outcome="succeeded").count() == 2
    assert KPIMonthStatus.objects.filter(kpi=kpi).count() == 3
    assert ContractPeriodSummary.objects.filter(contract=contract).count() == 3


@pytest.mark.postgres
@transactional
def test_two_closes_at_once_close_the_month_once(member, mailoutbox):
    require_postgres()
    contract = ContractFactory(closed_through=date(2018, 3, 1), auto_close_months=True)
    KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    member(contract, Role.CONTRACT_MANAGER)
    start, results = threading.Barrier(2, timeout=WAIT_SECONDS), {}

    def close():
        start.wait()
        return close_due_months(today=date(2018, 5, 15))

    threads = [in_thread(close, results, name) for name in ("first", "second")]
    for thread in threads:
        thread.join(WAIT_SECONDS)

    closed = sorted(len(results[name]) for name in ("first", "second"))
    assert closed == [0, 1]
    contract.refresh_from_db()
    assert contract.closed_through == date(2018, 4, 1)
    assert RecomputeRun.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@transactional
def test_two_imports_of_one_upload_at_once_import_it_once(member):
    require_postgres()
    contract = ContractFactory(closed_through=date(2018, 6, 1))
    kpis = [KPIFactory(contract=contract, live_from=date(2018, 4, 1)) for _ in range(2)]
    manager = member(contract, Role.CONTRACT_MANAGER)
    data = "kpi_code,period,value\n" + "".join(f"{k.code},2018-06,97\n" for k in kpis)
    upload = Upload.objects.create(
        contract=contract,
        period=date(2018, 6, 1),
        uploaded_by=manager,
        filename="june.csv",
        sha256="0" * 64,
        size=len(data),
        data=data.encode(),
    )
    upload_validate(upload=upload)
    assert upload.state == UploadState.READY
    Upload.objects.filter(pk=upload.pk).update(
        state=UploadState.COMMITTING, committed_by=manager
    )  # as "Confirm and import" leaves it; then its task is delivered twice
    start, results = threading.Barrier(2, timeout=WAIT_SECONDS), {}

    def commit():
        start.wait()
        return commit_upload_task(upload.pk, manager.pk)

    threads = [in_thread(commit, results, name) for name in ("first", "second")]
    for thread in threads:
        thread.join(WAIT_SECONDS)

    assert [results["first"], results["second"]] == [UploadState.COMMITTED] * 2
    upload.refresh_from_db()
    assert (upload.state, upload.error, upload.counts.get("create")) == (
        UploadState.COMMITTED,
        "",
        2,
    )
    assert KPIFigure.objects.filter(kpi__contract=contract).count() == 2
