"""Starting and stopping a real Celery worker, polling, threads and PostgreSQL's advisory lock."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection, connections

from config.celery import app
from kpis.recompute import LOCK_NAMESPACE
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[3]
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


def enqueue(task, *args, queue: str, broker_url: str):
    """Send the task through the broker, as the web processes do in production."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(broker_url) as broker:
            task.apply_async(args, queue=queue, connection=broker)
    finally:
        app.conf.task_always_eager = eager


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


def hold_contract_lock(contract, held: bool) -> None:
    """Take (or give back) the lock every recompute of the contract waits for."""
    function = "pg_advisory_lock" if held else "pg_advisory_unlock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [LOCK_NAMESPACE + contract.pk])
