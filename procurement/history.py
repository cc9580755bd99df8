"""The audit trail of an assessment (its states and its ratings) and of a breach notice,
spelt out by `core.history`."""

from core.history import HistorySource, Spelling, change_history

from .models import Assessment, AssessmentRating, BreachNotice

RECORD_FIELDS = ["status", "notice_id", "notice_published_on"]
ASSESSMENT_FIELDS = ["final", "notes", *RECORD_FIELDS]
RATING_FIELDS = ["rating", "reason", "explanation", "notes"]
BREACH_FIELDS = [
    "kind",
    "requirement",
    "description",
    "impact",
    "period_start",
    "period_end",
    "decision_date",
    "penalty_type",
    "penalty_amount",
    *RECORD_FIELDS,
]
SPELLING = Spelling(
    long_fields=frozenset(
        {"notes", "reason", "explanation", "requirement", "description", "impact"}
    )
)


def assessment_history(assessment: Assessment, ratings) -> list[dict]:
    """Rows for `core.history.HistoryTable`, newest first; `ratings` name the KPIs."""
    codes = {rating.pk: rating.kpi.code for rating in ratings}
    sources = [
        HistorySource(
            Assessment.history.filter(id=assessment.pk), ASSESSMENT_FIELDS, lambda r: "Assessment"
        ),
        HistorySource(
            AssessmentRating.history.filter(assessment_id=assessment.pk),
            RATING_FIELDS,
            lambda record: f"Rating of {codes.get(record.id, 'a KPI')}",
        ),
    ]
    return change_history(sources, SPELLING)


def breach_history(breach: BreachNotice) -> list[dict]:
    sources = [
        HistorySource(
            BreachNotice.history.filter(id=breach.pk), BREACH_FIELDS, lambda r: "Breach notice"
        )
    ]
    return change_history(sources, SPELLING)
