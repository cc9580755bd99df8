"""A KPI's change history: its definition, target versions, figures and mitigations,
spelt out by `core.history` (four queries whatever the number of records)."""

from core.history import HistorySource, PagedHistory, ReadWhenAsked, Spelling
from core.periods import Month

from .forms import KPIForm
from .models import KPI, KPIFigure, KPITarget, Mitigation
from .values import format_number

# The fields a user edits are the ones whose changes are told.
KPI_FIELDS = KPIForm.Meta.fields
TARGET_FIELDS = ["effective_from", "target", "minimum", "variation_reference"]
FIGURE_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "commentary",
    "state",
    "returned_comment",
    "correction_reason",
]
MITIGATION_FIELDS = ["start", "end", "reason", "agreed_by", "agreed_on"]


def kpi_history(kpi: KPI) -> PagedHistory:
    """Rows for `core.history.HistoryTable`, newest first, read a page at a time."""
    spelling = Spelling(
        long_fields=frozenset(
            {"description", "commentary", "reason", "returned_comment", "correction_reason"}
        ),
        month_fields=frozenset({"live_from", "retired_from", "effective_from", "start", "end"}),
        names={
            "service_area_id": ReadWhenAsked(kpi.contract.service_areas.values_list("pk", "name"))
        },
        number=format_number,
        created_values=True,
    )
    sources = [
        HistorySource(KPI.history.filter(id=kpi.pk), KPI_FIELDS, lambda r: "KPI definition"),
        HistorySource(KPITarget.history.filter(kpi_id=kpi.pk), TARGET_FIELDS, _target_subject),
        HistorySource(KPIFigure.history.filter(kpi_id=kpi.pk), FIGURE_FIELDS, _figure_subject),
        HistorySource(
            Mitigation.history.filter(kpi_id=kpi.pk), MITIGATION_FIELDS, _mitigation_subject
        ),
    ]
    return PagedHistory(sources, spelling)


def _target_subject(record) -> str:
    return f"Target version from {Month.from_date(record.effective_from).label}"


def _figure_subject(record) -> str:
    return f"Figure for {Month.from_date(record.period).label}"


def _mitigation_subject(record) -> str:
    return f"Mitigation from {Month.from_date(record.start).label}"
