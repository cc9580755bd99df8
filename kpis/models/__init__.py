"""kpis' models, by what they hold: the catalogue and its figures (`figures`), and the
work around them, recomputes, reminders and uploads (`operations`)."""

from .figures import (
    KPI,
    PERCENT_RANGE,
    ContractPeriodSummary,
    KPIFigure,
    KPIMonthStatus,
    KPITarget,
    Mitigation,
)
from .operations import (
    RecomputeRequest,
    RecomputeRequestKPI,
    RecomputeRun,
    ReminderKind,
    ReminderLog,
    Upload,
)

__all__ = [
    "KPI",
    "PERCENT_RANGE",
    "ContractPeriodSummary",
    "KPIFigure",
    "KPIMonthStatus",
    "KPITarget",
    "Mitigation",
    "RecomputeRequest",
    "RecomputeRequestKPI",
    "RecomputeRun",
    "ReminderKind",
    "ReminderLog",
    "Upload",
]
