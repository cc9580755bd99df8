"""Thin tasks, the outer layer: each calls one service, and nothing in kpis imports
them (services queue them by name, `kpis.queue`). All are safe to run twice (a
recompute is idempotent, closing never moves backwards, ReminderLog stops a second
e-mail), which is what makes late acknowledgement and redelivery after a lost worker
safe.

Each task is registered as `kpis.tasks.<function>` whichever module holds it: beat's
schedule (`setup_schedules`) and queued messages store that name."""

from .months import close_contract_months_task, close_due_months_task, send_return_reminders_task
from .recompute import recompute_statuses_task, sweep_pending_work_task
from .uploads import commit_upload_task, validate_upload_task

__all__ = [
    "close_contract_months_task",
    "close_due_months_task",
    "commit_upload_task",
    "recompute_statuses_task",
    "send_return_reminders_task",
    "sweep_pending_work_task",
    "validate_upload_task",
]
