"""Queue packs' Celery task by its registered name, so that no service imports the task
module (which imports the services back): see kpis/queue.py."""

from celery import current_app

from core.taskqueue import enqueue

BUILD_PACK = "packs.tasks.build_pack_task"


def _task(name: str):
    # A web process imports the task modules on first use; a worker at start-up.
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def queue_pack_build(*, build_id: int) -> bool:
    """False when the broker is down (see `core.taskqueue.enqueue`)."""
    return enqueue(_task(BUILD_PACK), build_id)
