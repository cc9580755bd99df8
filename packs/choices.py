from django.db import models

from core.colours import Colour


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly performance report"
    EXCEPTION = "exception", "Exception report"
    SIX_MONTHLY = "six_monthly", "Six-monthly overview"
    IMT = "imt", "IMT report"


class SectionKind(models.TextChoices):
    """The generated sections a report may carry, in the order they are offered."""

    PERFORMANCE = "performance", "Performance against KPIs"
    EXCEPTIONS = "exceptions", "Exceptions"
    PERSISTENT = "persistent", "Persistent failures"
    TREND = "trend", "Trend"
    OVERVIEW = "overview", "Six-monthly comparison"
    IMT_APPENDIX = "imt_appendix", "Top 20 priority IMT projects"
    BENEFITS = "benefits", "Benefit realisation review"
    ACTIONS = "actions", "Actions outstanding"


class BuildPurpose(models.TextChoices):
    PREVIEW = "preview", "Preview"
    PUBLISH = "publish", "Publish"


class BuildStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    DONE = "done", "Built"
    FAILED = "failed", "Failed"


BUILD_STATUS_COLOURS = {
    BuildStatus.QUEUED: Colour.GREY,
    BuildStatus.RUNNING: Colour.BLUE,
    BuildStatus.DONE: Colour.GREEN,
    BuildStatus.FAILED: Colour.RED,
}
