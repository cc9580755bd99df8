"""All writes to kpis' data. Keyword-only; each runs in one transaction and queues the
recompute it makes necessary once the data is committed (`recompute_on_commit`)."""

from .definitions import (
    check_target_levels,
    kpi_save,
    mitigation_agree,
    mitigation_end,
    target_add,
)
from .figures import (
    CONCURRENT_CHANGES,
    Approval,
    FigureInput,
    StaleFigure,
    StaleRows,
    check_month_allowed,
    check_ratio,
    figure_correct,
    figure_enter,
    figure_mark_approved,
    figure_mark_submitted,
    figure_return,
    figures_approve,
    figures_save,
    recompute_on_commit,
    return_save,
)

__all__ = [
    "CONCURRENT_CHANGES",
    "Approval",
    "FigureInput",
    "StaleFigure",
    "StaleRows",
    "check_month_allowed",
    "check_ratio",
    "check_target_levels",
    "figure_correct",
    "figure_enter",
    "figure_mark_approved",
    "figure_mark_submitted",
    "figure_return",
    "figures_approve",
    "figures_save",
    "kpi_save",
    "mitigation_agree",
    "mitigation_end",
    "recompute_on_commit",
    "return_save",
    "target_add",
]
