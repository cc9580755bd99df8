"""The scale-out benchmark: the daily close of 100 contracts, fanned out as one task per
contract, run by real Celery worker processes against Redis: one worker, then two."""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.db import connection
from django.utils import timezone

from config.celery import app
from contracts.models import Contract, Supplier
from core.periods import last_month_past_deadline
from kpis.models import KPI, ContractPeriodSummary, KPIFigure, KPIMonthStatus, RecomputeRun
from kpis.tasks import close_due_months_task

from . import data
from .report import Contender, Measure, Ratio, Section, side_by_side

CONTRACTS = 100
KPIS = 20
PREFIX = f"{data.REFERENCE_PREFIX}-CLOSE"
# A Redis database of the benchmark's own: the queues are emptied afterwards.
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/13"
ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 600
DESCRIPTION = """
The daily close (`close_due_months_task`) over {contracts} auto-closing contracts of
{kpis} KPIs × 36 months each, every one with its last month due to close: the task
queues one `close_contract_months_task` per contract, and real Celery worker processes
(`--concurrency 1` each, prefork, against Redis) close the month and recompute the
contract's statuses. Timed from queueing the daily task until every contract is closed
(polled in the database), with one worker, then with two serving another queue. The
workers are started before and stopped after the timing; their broker is the Redis
database in `BENCH_BROKER_URL` (default `redis://127.0.0.1:6379/13`).
"""


def run(*, runs: int) -> Section:
    broker_url = os.environ.get("BENCH_BROKER_URL", DEFAULT_BROKER_URL)
    redis.Redis.from_url(broker_url, socket_connect_timeout=2).ping()
    contracts = _build()
    through = last_month_past_deadline(timezone.localdate(), 10)
    queues = {"1_worker": "bench-close-one", "2_workers": "bench-close-two"}
    workers, logs = [], []
    try:
        for queue, count in ((queues["1_worker"], 1), (queues["2_workers"], 2)):
            for n in range(count):
                log = Path(f"/tmp/oversight-bench-worker-{queue}-{n}.log")
                workers.append(_start_worker(broker_url, queue, log))
                logs.append(log)
        time.sleep(5)  # let the workers connect (not timed)

        def contender(queue):
            return Contender(
                lambda: _close_all(broker_url, queue, contracts, through),
                prepare=lambda: _reopen(contracts, through),
            )

        medians = side_by_side(
            {f"close_{CONTRACTS}_contracts_{name}": contender(q) for name, q in queues.items()},
            runs=runs,
        )
    finally:
        for process in workers:
            _stop(process)
        _empty_queues(broker_url, queues.values())
        _remove()
    one, two = (medians[f"close_{CONTRACTS}_contracts_{n}"] for n in ("1_worker", "2_workers"))
    section = Section(
        "scale_out",
        "Scale-out: the daily close on Celery workers",
        DESCRIPTION.format(contracts=CONTRACTS, kpis=KPIS)
        + f"\nTimes are medians of {runs} interleaved rounds after one warm-up round.",
    )
    section.measures = [
        Measure(f"close_{CONTRACTS}_contracts_1_worker", one, "s", "one worker process"),
        Measure(f"close_{CONTRACTS}_contracts_2_workers", two, "s", "two worker processes"),
    ]
    section.ratios = [
        Ratio(
            f"close_{CONTRACTS}_contracts_2_workers",
            "1_worker",
            two / one,
            "aim: at most 0.6 (0.5 is perfect sharing)",
        )
    ]
    section.setup = [("workers", "celery prefork, --concurrency 1 each; broker Redis")]
    return section


def _build() -> list[Contract]:
    _remove()
    supplier = Supplier.objects.get_or_create(name=data.SUPPLIER)[0]
    rng = random.Random(data.SEED)
    contracts = [
        data.contract_create(
            supplier=supplier,
            reference=f"{PREFIX}{n:03d}",
            title=f"Close benchmark contract {n}",
            kpis=KPIS,
            rng=rng,
            ahead=False,
        )
        for n in range(CONTRACTS)
    ]
    Contract.objects.filter(pk__in=[c.pk for c in contracts]).update(auto_close_months=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return contracts


def _reopen(contracts: list[Contract], through) -> None:
    """Every contract closed through the month before `through`, nothing after it."""
    ids = [c.pk for c in contracts]
    Contract.objects.filter(pk__in=ids).update(closed_through=through.previous().first_day)
    KPIMonthStatus.objects.filter(contract__in=ids, period__gte=through.first_day).delete()
    ContractPeriodSummary.objects.filter(contract__in=ids, period__gte=through.first_day).delete()


def _close_all(broker_url: str, queue: str, contracts: list[Contract], through) -> None:
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(broker_url) as broker:
            close_due_months_task.apply_async(queue=queue, connection=broker)
    finally:
        app.conf.task_always_eager = eager
    closed = Contract.objects.filter(
        pk__in=[c.pk for c in contracts], closed_through=through.first_day
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while closed.count() < len(contracts):
        if time.monotonic() > deadline:
            raise SystemExit(f"The workers did not close the contracts in {WAIT_SECONDS} s")
        time.sleep(0.02)


def _start_worker(broker_url: str, queue: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "CELERY_BROKER_URL": broker_url, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork"]
    command += ["--concurrency", "1", "--queues", queue, "--loglevel", "WARNING"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
        )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _empty_queues(broker_url: str, queues) -> None:
    client = redis.Redis.from_url(broker_url)
    for queue in queues:
        client.delete(queue, f"_kombu.binding.{queue}")


def _remove() -> None:
    closing = Contract.objects.filter(reference__startswith=PREFIX)
    RecomputeRun.objects.filter(contract__in=closing).delete()
    KPIMonthStatus.objects.filter(contract__in=closing).delete()
    ContractPeriodSummary.objects.filter(contract__in=closing).delete()
    KPIFigure.objects.filter(kpi__contract__in=closing).delete()
    KPI.objects.filter(contract__in=closing).delete()  # service areas are protected
    closing.delete()
