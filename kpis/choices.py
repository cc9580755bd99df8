from django.db import models

from core.colours import Colour


class Unit(models.TextChoices):
    PERCENT = "percent", "Percent"
    NUMBER = "number", "Number"
    DAYS = "days", "Days"
    HOURS = "hours", "Hours"
    CURRENCY = "currency", "Currency (£)"
    YES_NO = "yes_no", "Yes or no"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly (June, September, December, March)"


class FigureState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


class Status(models.TextChoices):
    NOT_DUE = "not_due", "Not due"
    MISSING = "missing", "Missing"
    AWAITING = "awaiting", "Awaiting"
    NO_TARGET = "no_target", "No target"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    MITIGATED = "mitigated", "In mitigation"


class RunOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    ABANDONED = "abandoned", "Abandoned (the worker was lost)"


# One place maps each choice to its colour (core/colours.py derives tag class and chart
# colour); the word is always shown with the colour.
STATUS_COLOURS = {
    Status.NOT_DUE: Colour.GREY,
    Status.MISSING: Colour.PURPLE,
    Status.AWAITING: Colour.LIGHT_BLUE,
    Status.NO_TARGET: Colour.GREY,
    Status.GREEN: Colour.GREEN,
    Status.AMBER: Colour.YELLOW,
    Status.RED: Colour.RED,
    Status.MITIGATED: Colour.BLUE,
}

FIGURE_STATE_COLOURS = {
    FigureState.DRAFT: Colour.GREY,
    FigureState.SUBMITTED: Colour.LIGHT_BLUE,
    FigureState.APPROVED: Colour.GREEN,
}

# A status's word, worked out once: a dashboard shows thousands of them per page.
_STATUS_LABELS = {status: status.label for status in Status}
_MITIGATED_LABELS = {status: f"In mitigation — {status.label.lower()}" for status in Status}


def status_label(status: str, underlying_status: str) -> str:
    """“In mitigation — red” keeps the underlying status in view."""
    if status == Status.MITIGATED:
        return _MITIGATED_LABELS[underlying_status]
    return _STATUS_LABELS[status]


JUDGED = (Status.GREEN, Status.AMBER, Status.RED)
MITIGABLE = (Status.AMBER, Status.RED, Status.MISSING)


class UploadKind(models.TextChoices):
    RETURNS = "returns", "Monthly figures"
    KPIS = "kpis", "KPI definitions"


class UploadState(models.TextChoices):
    VALIDATING = "validating", "Checking"
    READY = "ready", "Checked"
    COMMITTING = "committing", "Importing"
    COMMITTED = "committed", "Imported"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


class RowAction(models.TextChoices):
    """What importing one row of a file does (an upload's `counts` are keyed by these)."""

    CREATE = "create", "New"
    UPDATE = "update", "Changed"
    UNCHANGED = "unchanged", "Unchanged"
    SKIPPED = "skipped", "Skipped"
    ERROR = "error", "Error"


UPLOAD_STATE_COLOURS = {
    UploadState.VALIDATING: Colour.BLUE,
    UploadState.READY: Colour.YELLOW,
    UploadState.COMMITTING: Colour.BLUE,
    UploadState.COMMITTED: Colour.GREEN,
    UploadState.REFUSED: Colour.RED,
    UploadState.FAILED: Colour.RED,
}
