"""A project's change history: its details, revisions, updates and benefits, as
django-simple-history recorded them, newest first. Four queries whatever the count."""

from datetime import date
from itertools import count

from .models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate

TRACKED = {
    IMTProject: [
        "number",
        "title",
        "contract_id",
        "sponsor",
        "priority",
        "baseline_go_live",
        "target_go_live",
        "third_party_dependency",
    ],
    GoLiveRevision: ["previous_date", "new_date", "reason", "reported_to"],
    ProjectUpdate: ["month", "stage", "rag", "rag_reason", "narrative"],
    Benefit: ["description", "measure", "baseline", "target", "realised", "review_date", "status"],
}
LONG_FIELDS = {"description", "reason", "rag_reason", "narrative"}


def project_history(project: IMTProject) -> list[dict]:
    sources = [
        (IMTProject, IMTProject.history.filter(id=project.pk), lambda r: "Project details"),
        (
            GoLiveRevision,
            GoLiveRevision.history.filter(project_id=project.pk),
            lambda r: f"Go-live revision to {r.new_date:%-d %B %Y}",
        ),
        (
            ProjectUpdate,
            ProjectUpdate.history.filter(project_id=project.pk),
            lambda r: f"Update for {r.month:%B %Y}",
        ),
        (
            Benefit,
            Benefit.history.filter(project_id=project.pk),
            lambda r: f"Benefit: {r.description[:40]}",
        ),
    ]
    order = count()
    entries = []
    for model, queryset, subject in sources:
        previous = {}
        for record in queryset.select_related("history_user").order_by(
            "history_date", "history_id"
        ):
            before = previous.get(record.id)
            previous[record.id] = record
            entries.append(
                {
                    "order": (record.history_date, next(order)),
                    "when": record.history_date,
                    "who": _person(record.history_user),
                    "record": subject(record),
                    "change": _describe(record, before, TRACKED[model]),
                    "reason": record.history_change_reason or "",
                }
            )
    entries.sort(key=lambda entry: entry["order"], reverse=True)
    return entries


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def _label(record, field: str) -> str:
    name = field.removesuffix("_id")
    return str(record.instance_type._meta.get_field(name).verbose_name).capitalize()


def _shown(record, field: str) -> str:
    value = getattr(record, field)
    if value is None or value == "":
        return "none"
    if isinstance(value, date):
        return value.strftime("%B %Y") if field == "month" else value.strftime("%-d %B %Y")
    display = getattr(record, f"get_{field}_display", None)
    return str(display()) if display else str(value)


def _describe(record, before, fields: list[str]) -> str:
    if record.history_type == "-":
        return "Deleted"
    if record.history_type == "+" or before is None:
        return "Created"
    parts = []
    for field in fields:
        if getattr(before, field) == getattr(record, field):
            continue
        if field in LONG_FIELDS:
            parts.append(f"{_label(record, field)} changed")
        else:
            parts.append(
                f"{_label(record, field)}: {_shown(before, field)} → {_shown(record, field)}"
            )
    return "; ".join(parts) or "Saved without changes"
