"""A Redis broker and a Celery worker running in another process (one per test module)."""

import os
from uuid import uuid4

import pytest
import redis

from tests.conftest import skip_or_fail

from .helpers import require_postgres, start_worker, stop_worker


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
