"""Change history: the records django-simple-history keeps, spelt out as rows saying who
changed what, when, from what to what, and why; newest first.

An app declares its sources (which historical records, which fields, how a row names its
record) and how values are spelt (`Spelling`); each source is read in one query whatever
the number of records, and each record is compared in memory with the previous record of
the same object.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import count

import django_tables2 as tables
from django.db.models import QuerySet

from .formatting import format_date, person_name
from .periods import Month
from .tables import DateColumn


@dataclass(frozen=True)
class HistorySource:
    """One kind of record: its historical records, the fields to compare, and how a row
    names the record ("Figure for August 2018")."""

    records: QuerySet
    fields: Sequence[str]
    subject: Callable[[object], str]


@dataclass(frozen=True)
class Spelling:
    """How an app's values read in a change."""

    # Long text: a change is named ("Commentary changed"), the text is on the record.
    long_fields: frozenset[str] = frozenset()
    # Dates that stand for a month (its first day): "August 2018".
    month_fields: frozenset[str] = frozenset()
    # Foreign keys shown by name: field ("service_area_id") -> {pk: name}.
    names: Mapping[str, Mapping] = field(default_factory=dict)
    number: Callable[[Decimal], str] = str
    # Whether "Created" lists the values the record was created with.
    created_values: bool = False


def change_history(sources: Sequence[HistorySource], spelling: Spelling) -> list[dict]:
    """Rows for `HistoryTable`: when, who, record, change, reason; newest first."""
    order = count()
    entries = []
    for source in sources:
        previous = {}
        records = source.records.select_related("history_user")
        # Foreign keys are compared by id, so that no record loads its related object.
        fields = [records.model._meta.get_field(name).attname for name in source.fields]
        for record in records.order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            entries.append(
                {
                    "order": (record.history_date, next(order)),
                    "when": record.history_date,
                    "who": person_name(record.history_user, nobody="System"),
                    "record": source.subject(record),
                    "change": describe_change(record, before, fields, spelling),
                    "reason": record.history_change_reason or "",
                }
            )
    entries.sort(key=lambda entry: entry["order"], reverse=True)
    return entries


def describe_change(record, before, fields: Sequence[str], spelling: Spelling) -> str:
    """ "Value: 96 → 94; Commentary changed", "Created", "Deleted"."""
    if record.history_type == "-":
        return "Deleted"
    if record.history_type == "+" or before is None:
        return _created(record, fields, spelling)
    parts = []
    for name in fields:
        if getattr(before, name) == getattr(record, name):
            continue
        if name in spelling.long_fields:
            parts.append(f"{_label(record, name)} changed")
        else:
            old, new = _shown(before, name, spelling), _shown(record, name, spelling)
            parts.append(f"{_label(record, name)}: {old} → {new}")
    return "; ".join(parts) or "Saved without changes"


def _created(record, fields: Sequence[str], spelling: Spelling) -> str:
    if not spelling.created_values:
        return "Created"
    parts = [
        f"{_label(record, name)} {_shown(record, name, spelling)}"
        for name in fields
        if name not in spelling.long_fields and getattr(record, name) not in (None, "")
    ]
    return "Created: " + "; ".join(parts) if parts else "Created"


def _label(record, name: str) -> str:
    model_field = record.instance_type._meta.get_field(name.removesuffix("_id"))
    return str(model_field.verbose_name).capitalize()


def _shown(record, name: str, spelling: Spelling) -> str:
    value = getattr(record, name)
    if value is None or value == "":
        return "none"
    if name in spelling.names:
        return str(spelling.names[name].get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return spelling.number(value)
    if isinstance(value, date):
        if name in spelling.month_fields:
            return Month.from_date(value).label
        return format_date(value)
    display = getattr(record, f"get_{name}_display", None)
    return str(display()) if display else str(value)


class HistoryTable(tables.Table):
    when = DateColumn(style="short_time", verbose_name="When")
    who = tables.Column(verbose_name="Who")
    record = tables.Column(verbose_name="What")
    change = tables.Column(verbose_name="Change")
    reason = tables.Column(verbose_name="Reason")

    caption = "Change history"

    class Meta:
        orderable = False
        empty_text = "No changes recorded."
