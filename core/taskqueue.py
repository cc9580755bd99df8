"""Hand a task to the broker without letting a broker failure break the user's action.

Whatever the task does must also be recorded in the database (an outbox row, an
upload's state), so that the sweeper (`kpis.tasks.sweep_pending_work_task`) can queue it
again once the broker is back: a message is a wake-up call, never the only record."""

import logging

from celery import current_task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """Queue `task(*args)`; False, logged without a traceback, when the broker is down.

    A task queued by a running task (the daily close fanning out per contract) goes to
    the queue its parent came from, so workers serving a queue serve its children too."""
    try:
        task.apply_async(args, **_parent_queue())
    except OperationalError as error:  # kombu's wrapper of every connection error
        logger.warning("Could not queue %s%s: %s; it stays pending", task.name, args, error)
        return False
    return True


def _parent_queue() -> dict:
    if not current_task or current_task.request.is_eager:
        return {}
    routing_key = (current_task.request.delivery_info or {}).get("routing_key")
    return {"queue": routing_key} if routing_key else {}
