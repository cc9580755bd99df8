"""Queue kpis' Celery tasks by their registered names.

Services and the sweeper queue work through here, so that no write imports the task
modules (which import the services back): the tasks are the outer layer, and the names
below are the ones the tasks are registered under (`kpis.tasks`) and beat stores."""

from datetime import date

from celery import current_app

from core.periods import Month
from core.taskqueue import enqueue

RECOMPUTE_STATUSES = "kpis.tasks.recompute_statuses_task"
VALIDATE_UPLOAD = "kpis.tasks.validate_upload_task"
COMMIT_UPLOAD = "kpis.tasks.commit_upload_task"
CLOSE_CONTRACT_MONTHS = "kpis.tasks.close_contract_months_task"


def _task(name: str):
    # A worker imports the task modules when it starts (autodiscovery); a web process or
    # a command does not, so import them on first use. Eager mode (tests, the demo) then
    # runs the very task a worker would.
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def queue_recompute(*, contract_id: int, period: Month | None, kpi_ids: list[int] | None) -> bool:
    """False when the broker is down (see `core.taskqueue.enqueue`)."""
    return enqueue(_task(RECOMPUTE_STATUSES), contract_id, str(period) if period else None, kpi_ids)


def queue_upload_validate(*, upload_id: int) -> bool:
    return enqueue(_task(VALIDATE_UPLOAD), upload_id)


def queue_upload_commit(*, upload_id: int, user_id: int | None) -> bool:
    return enqueue(_task(COMMIT_UPLOAD), upload_id, user_id)


def queue_contract_close(*, contract_id: int, today: date) -> bool:
    return enqueue(_task(CLOSE_CONTRACT_MONTHS), contract_id, today.isoformat())
