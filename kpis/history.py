"""A KPI's change history: its definition, target versions, figures and mitigations, as
django-simple-history recorded them, newest first, each change spelt out.

Records are read in four queries whatever their number; each is compared with the
previous record of the same object in memory.
"""

from datetime import date
from decimal import Decimal
from itertools import count

from core.periods import Month

from .models import KPI, KPIFigure, KPITarget, Mitigation
from .values import format_number

# Fields whose value is a month (stored as its first day).
MONTH_FIELDS = {"live_from", "retired_from", "effective_from", "start", "end"}
# Long text: a change is named, the text is on the record itself.
LONG_FIELDS = {"description", "commentary", "reason", "returned_comment", "correction_reason"}

TRACKED = {
    KPI: [
        "code",
        "name",
        "description",
        "service_area_id",
        "unit",
        "polarity",
        "frequency",
        "contractual",
        "min_value",
        "max_value",
        "decimal_places",
        "live_from",
        "retired_from",
    ],
    KPITarget: ["effective_from", "target", "minimum", "variation_reference"],
    KPIFigure: [
        "value",
        "numerator",
        "denominator",
        "commentary",
        "state",
        "returned_comment",
        "correction_reason",
    ],
    Mitigation: ["start", "end", "reason", "agreed_by", "agreed_on"],
}


def kpi_history(kpi: KPI) -> list[dict]:
    """Rows for HistoryTable: when, who, record, change, reason."""
    area_names = dict(kpi.contract.service_areas.values_list("pk", "name"))
    sources = [
        (KPI, KPI.history.filter(id=kpi.pk), lambda r: "KPI definition"),
        (KPITarget, KPITarget.history.filter(kpi_id=kpi.pk), _target_subject),
        (KPIFigure, KPIFigure.history.filter(kpi_id=kpi.pk), _figure_subject),
        (Mitigation, Mitigation.history.filter(kpi_id=kpi.pk), _mitigation_subject),
    ]
    order = count()
    entries = []
    for model, queryset, subject in sources:
        fields = TRACKED[model]
        previous = {}
        records = queryset.select_related("history_user").order_by("history_date", "history_id")
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            entries.append(
                {
                    "order": (record.history_date, next(order)),
                    "when": record.history_date,
                    "who": _person(record.history_user),
                    "record": subject(record),
                    "change": _describe(record, before, fields, area_names),
                    "reason": record.history_change_reason or "",
                }
            )
    entries.sort(key=lambda entry: entry["order"], reverse=True)
    return entries


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def _target_subject(record) -> str:
    return f"Target version from {Month.from_date(record.effective_from).label}"


def _figure_subject(record) -> str:
    return f"Figure for {Month.from_date(record.period).label}"


def _mitigation_subject(record) -> str:
    return f"Mitigation from {Month.from_date(record.start).label}"


def _label(record, field: str) -> str:
    name = field.removesuffix("_id")
    return str(record.instance_type._meta.get_field(name).verbose_name).capitalize()


def _shown(record, field: str, area_names: dict) -> str:
    value = getattr(record, field)
    if value is None or value == "":
        return "none"
    if field == "service_area_id":
        return area_names.get(value, str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return (
            Month.from_date(value).label if field in MONTH_FIELDS else value.strftime("%-d %B %Y")
        )
    display = getattr(record, f"get_{field}_display", None)
    return str(display()) if display else str(value)


def _describe(record, before, fields: list[str], area_names: dict) -> str:
    if record.history_type == "-":
        return "Deleted"
    if record.history_type == "+" or before is None:
        parts = [
            f"{_label(record, f)} {_shown(record, f, area_names)}"
            for f in fields
            if f not in LONG_FIELDS and getattr(record, f) not in (None, "")
        ]
        return "Created: " + "; ".join(parts) if parts else "Created"
    parts = []
    for field in fields:
        old, new = getattr(before, field), getattr(record, field)
        if old == new:
            continue
        if field in LONG_FIELDS:
            parts.append(f"{_label(record, field)} changed")
        else:
            parts.append(
                f"{_label(record, field)}: {_shown(before, field, area_names)} → "
                f"{_shown(record, field, area_names)}"
            )
    return "; ".join(parts) or "Saved without changes"
