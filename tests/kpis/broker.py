"""Point the Celery app at a broker for a test: a dead one (a closed port, so that
connecting fails at once, as when Redis is down) or none (tasks run eagerly: the broker
is back and a worker takes the task)."""

from contextlib import contextmanager

import pytest

from config.celery import app

DEAD_BROKER = "redis://127.0.0.1:1/0"


@contextmanager
def broker(url: str | None):
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, url is None
    app._after_fork()  # forget the connection pools made for the previous broker
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._after_fork()


@pytest.fixture
def dead_broker(settings):
    with broker(DEAD_BROKER):  # first: app.conf reads through to Django's settings
        settings.CELERY_BROKER_URL = DEAD_BROKER
        settings.CELERY_TASK_ALWAYS_EAGER = False
        yield
