"""Change history: the records django-simple-history keeps, spelt out as rows saying who
changed what, when, from what to what, and why; newest first.

An app declares its sources (which historical records, which fields, how a row names its
record) and how values are spelt (`Spelling`). `change_history` reads each source in one
query whatever the number of records and compares each record in memory with the previous
record of the same object; `PagedHistory` does the same for one page at a time, in a fixed
number of queries whatever the length of the history.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import count

import django_tables2 as tables
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django_tables2.data import TableListData

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


class ReadWhenAsked(Mapping):
    """{key: name} from pairs (a `values_list("pk", "name")` queryset) read when first
    asked: a page of history whose changes name none reads nothing."""

    def __init__(self, pairs: Iterable[tuple]):
        self._pairs = pairs
        self._names = None

    def _read(self) -> dict:
        if self._names is None:
            self._names = dict(self._pairs)
        return self._names

    def __getitem__(self, key):
        return self._read()[key]

    def __iter__(self):
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def change_history(sources: Sequence[HistorySource], spelling: Spelling) -> list[dict]:
    """Rows for `HistoryTable`: when, who, record, change, reason; newest first."""
    order = count()
    entries = []
    for source in sources:
        previous = {}
        records = source.records.select_related("history_user")
        fields = _attnames(source)
        for record in records.order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            entry = _entry(source, record, before, fields, spelling)
            entries.append({**entry, "order": (record.history_date, next(order))})
    entries.sort(key=lambda entry: entry["order"], reverse=True)
    return entries


class PagedHistory:
    """The change history of `sources`, newest first, as a sequence that reads only what
    is asked of it: `len()` counts the records, and a slice reads the records in it and,
    to say what each changed, the one record before each. A page of a long history (a
    KPI's figures gain a record at every draft save) costs what the page shows.
    Records of one moment are ordered as `change_history` orders them: by source, then
    by record."""

    def __init__(self, sources: Sequence[HistorySource], spelling: Spelling):
        self.sources = list(sources)
        self.spelling = spelling
        self._length = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._keys().count()
        return self._length

    def __iter__(self):
        return iter(self[0 : len(self)])

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop, _ = key.indices(len(self))
        if start >= stop:
            return []
        newest_first = self._keys().order_by("-history_date", "-source_number", "-history_id")
        keys = list(newest_first[start:stop])
        entries = {}
        for number, source in enumerate(self.sources):
            ids = [history_id for _, n, history_id in keys if n == number]
            if ids:
                entries.update(self._entries(number, source, ids))
        return [entries[(number, history_id)] for _, number, history_id in keys]

    def _keys(self):
        """(moment, source number, history id) of every record, newest first, in SQL."""
        parts = [
            source.records.order_by()
            .annotate(source_number=Value(number, output_field=IntegerField()))
            .values_list("history_date", "source_number", "history_id")
            for number, source in enumerate(self.sources)
        ]
        return (
            parts[0]
            .union(*parts[1:], all=True)
            .order_by("-history_date", "-source_number", "-history_id")
        )

    def _entries(self, number: int, source: HistorySource, ids: list) -> dict:
        """The records `ids` as rows, in one query that also reads the record before
        each (the latest earlier record of the same object)."""
        model = source.records.model
        earlier = model._default_manager.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        before_ids = model._default_manager.filter(history_id__in=ids).values(
            before=Subquery(
                earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
            )
        )
        records = (
            model._default_manager.filter(Q(history_id__in=ids) | Q(history_id__in=before_ids))
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        fields = _attnames(source)
        wanted = set(ids)
        latest, entries = {}, {}
        for record in records:
            if record.history_id in wanted:
                before = latest.get(record.id)
                entries[(number, record.history_id)] = _entry(
                    source, record, before, fields, self.spelling
                )
            latest[record.id] = record
        return entries


def _attnames(source: HistorySource) -> list[str]:
    # Foreign keys are compared by id, so that no record loads its related object.
    return [source.records.model._meta.get_field(name).attname for name in source.fields]


def _entry(source: HistorySource, record, before, fields, spelling: Spelling) -> dict:
    return {
        "when": record.history_date,
        "who": person_name(record.history_user, nobody="System"),
        "record": source.subject(record),
        "change": describe_change(record, before, fields, spelling),
        "reason": record.history_change_reason or "",
    }


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
    """A history's rows; given a `PagedHistory`, a page reads only its own rows."""

    when = DateColumn(style="short_time", verbose_name="When")
    who = tables.Column(verbose_name="Who")
    record = tables.Column(verbose_name="What")
    change = tables.Column(verbose_name="Change")
    reason = tables.Column(verbose_name="Reason")

    caption = "Change history"

    class Meta:
        orderable = False
        empty_text = "No changes recorded."

    def __init__(self, data, **kwargs):
        # Handed over as it is: tables2 would otherwise make a list of it, reading it all.
        super().__init__(TableListData(data), **kwargs)
