"""Against real services: a Celery worker taking tasks from Redis, and PostgreSQL's
advisory lock serialising recomputes. Transactional tests, so that the worker and the
threads see committed data; the serialized rollback puts back what migrations made
(the Administrators and Clerks groups) after each test empties the database."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

import pytest
import redis
import time_machine
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from config.celery import app
from contracts.choices import Role
from contracts.models import Contract
from core.periods import last_month_past_deadline
from kpis.choices import RunOutcome, Status, UploadState
from kpis.closing import close_due_months
from kpis.models import (
    ContractPeriodSummary,
    KPIFigure,
    KPIMonthStatus,
    RecomputeRequest,
    RecomputeRun,
    ReminderLog,
    Upload,
)
from kpis.recompute import LOCK_NAMESPACE, recompute_statuses
from kpis.tasks import (
    close_due_months_task,
    commit_upload_task,
    recompute_statuses_task,
    sweep_pending_work_task,
)
from kpis.uploads import upload_validate
from tests.conftest import skip_or_fail
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def require_postgres():
    if connection.vendor != "postgresql":
        skip_or_fail(
            "needs PostgreSQL: set DATABASE_URL=postgres://… (the test database is "
            f"{connection.vendor}, which another process or a waiting lock cannot share)"
        )


def wait_for(condition, what: str, log: Path | None = None):
    """Poll until `condition()` is true; fail after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    details = f"\n--- worker log ---\n{log.read_text()}" if log else ""
    pytest.fail(f"gave up after {WAIT_SECONDS}s waiting for {what}{details}")


# A real worker ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def broker_url():
    url = os.environ.get("OVERSIGHT_TEST_BROKER_URL")
    if not url:
        skip_or_fail("OVERSIGHT_TEST_BROKER_URL is not set (e.g. redis://127.0.0.1:6379/15)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at {url} does not answer: {error}")
    return url


def worker_database_url() -> str:
    """The test database as a URL, for a process that reads DATABASE_URL."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def start_worker(broker_url: str, queue: str, log: Path, pool: str = "solo") -> subprocess.Popen:
    """`celery -A config worker` in a process group of its own, on `queue`, against the
    test database."""
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker_url,
        "DATABASE_URL": worker_database_url(),
        "CONN_MAX_AGE": "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", pool]
    command += ["--concurrency", "1", "--queues", queue, "--loglevel", "INFO"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
        )


def stop_worker(process: subprocess.Popen, broker_url: str, queue: str) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    leftovers = [queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    client = redis.Redis.from_url(broker_url)
    client.delete(*leftovers)
    tags = unacked_on(queue, broker_url)
    if tags:
        client.hdel("unacked", *tags)
        client.zrem("unacked_index", *tags)


def unacked_on(queue: str, broker_url: str) -> list[bytes]:
    """Delivery tags of the queue's messages taken but never acknowledged."""
    unacked = redis.Redis.from_url(broker_url).hgetall("unacked")
    return [tag for tag, message in unacked.items() if json.loads(message)[2] == queue]


@pytest.fixture(scope="module")
def worker(django_db_setup, broker_url, tmp_path_factory):
    """A worker for the module, on a queue of its own. Yields (queue, log file)."""
    require_postgres()
    queue = f"oversight-test-{uuid4().hex}"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = start_worker(broker_url, queue, log)
    try:
        yield queue, log
    finally:
        stop_worker(process, broker_url, queue)


def enqueue(task, *args, queue: str, broker_url: str):
    """Send the task through the broker, as the web processes do in production."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(broker_url) as broker:
            task.apply_async(args, queue=queue, connection=broker)
    finally:
        app.conf.task_always_eager = eager


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


# The advisory lock --------------------------------------------------------------------


def in_thread(target, results, name):
    """Run target in a thread with its own database connection, closed at the end."""

    def run():
        try:
            results[name] = target()
        except Exception as error:  # reported by the test, not lost in the thread
            results[name] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def waiting_for_lock(contract) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid = %s AND objid = %s",
            [LOCK_NAMESPACE >> 32, contract.pk],
        )
        return cursor.fetchone()[0] == 1


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


# A worker killed by signal; two imports at once ---------------------------------------


def hold_contract_lock(contract, held: bool) -> None:
    """Take (or give back) the lock every recompute of the contract waits for."""
    function = "pg_advisory_lock" if held else "pg_advisory_unlock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [LOCK_NAMESPACE + contract.pk])


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
