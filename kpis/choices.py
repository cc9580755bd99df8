from django.db import models


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


# One place maps a status to its GOV.UK tag; the word is always shown with the colour.
STATUS_TAG_CLASSES = {
    Status.NOT_DUE: "govuk-tag--grey",
    Status.MISSING: "govuk-tag--purple",
    Status.AWAITING: "govuk-tag--light-blue",
    Status.NO_TARGET: "govuk-tag--grey",
    Status.GREEN: "govuk-tag--green",
    Status.AMBER: "govuk-tag--yellow",
    Status.RED: "govuk-tag--red",
    Status.MITIGATED: "govuk-tag--blue",
}

FIGURE_STATE_TAG_CLASSES = {
    FigureState.DRAFT: "govuk-tag--grey",
    FigureState.SUBMITTED: "govuk-tag--light-blue",
    FigureState.APPROVED: "govuk-tag--green",
}

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


UPLOAD_STATE_TAG_CLASSES = {
    UploadState.VALIDATING: "govuk-tag--blue",
    UploadState.READY: "govuk-tag--yellow",
    UploadState.COMMITTING: "govuk-tag--blue",
    UploadState.COMMITTED: "govuk-tag--green",
    UploadState.REFUSED: "govuk-tag--red",
    UploadState.FAILED: "govuk-tag--red",
}
