"""A project's change history: its details, revisions, updates and benefits, spelt out
by `core.history` (four queries whatever the number of records)."""

from core.formatting import format_date
from core.history import HistorySource, Spelling, change_history
from core.periods import Month

from .forms import BenefitForm
from .models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate

PROJECT_FIELDS = [
    "number",
    "title",
    "contract_id",
    "sponsor",
    "priority",
    "baseline_go_live",
    "target_go_live",
    "third_party_dependency",
]
REVISION_FIELDS = ["previous_date", "new_date", "reason", "reported_to"]
UPDATE_FIELDS = ["month", "stage", "rag", "rag_reason", "narrative"]
BENEFIT_FIELDS = BenefitForm.Meta.fields
SPELLING = Spelling(
    long_fields=frozenset({"description", "reason", "rag_reason", "narrative"}),
    month_fields=frozenset({"month"}),
)


def project_history(project: IMTProject) -> list[dict]:
    """Rows for `core.history.HistoryTable`, newest first."""
    sources = [
        HistorySource(
            IMTProject.history.filter(id=project.pk), PROJECT_FIELDS, lambda r: "Project details"
        ),
        HistorySource(
            GoLiveRevision.history.filter(project_id=project.pk),
            REVISION_FIELDS,
            lambda r: f"Go-live revision to {format_date(r.new_date)}",
        ),
        HistorySource(
            ProjectUpdate.history.filter(project_id=project.pk),
            UPDATE_FIELDS,
            lambda r: f"Update for {Month.from_date(r.month).label}",
        ),
        HistorySource(
            Benefit.history.filter(project_id=project.pk),
            BENEFIT_FIELDS,
            lambda r: f"Benefit: {r.description[:40]}",
        ),
    ]
    return change_history(sources, SPELLING)
