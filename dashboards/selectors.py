"""Reads for the dashboards: a fixed number of queries whatever the number of KPIs or
months. Summaries come from ContractPeriodSummary and statuses from KPIMonthStatus;
nothing is recounted per request."""

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import OuterRef, Subquery, Sum

from contracts.models import Contract, ContractMembership, ServiceArea, Supplier
from contracts.querysets import sees_every_contract, visible_contract_pks
from core.colours import Colour
from core.periods import Month
from core.periods import month_range as month_range_list
from imt_projects.models import GoLiveRevision, IMTProject, ProjectUpdate
from kpis.choices import (
    MITIGABLE,
    STATUS_COLOURS,
    FigureState,
    RunOutcome,
    Status,
    status_label,
)
from kpis.models import KPI, ContractPeriodSummary, KPIFigure, KPIMonthStatus, RecomputeRun
from kpis.rag import achieved_percent, is_due
from minutes.models import Action, AgendaItem, Board, Meeting

from .ranges import MonthRange


@dataclass
class Headline:
    measured: int = 0
    green: int = 0
    amber: int = 0
    red: int = 0
    mitigated: int = 0
    missing: int = 0
    persistent_failures: int = 0

    @property
    def achieved_percent(self):
        return achieved_percent(self.green, self.measured)


def headline(contract, month_range: MonthRange, summaries=None) -> Headline:
    """The range's totals: summed by the database, or from the range's
    `monthly_summaries` when the caller has them already (no second query)."""
    names = Headline.__dataclass_fields__
    if summaries is not None:
        return Headline(**{name: sum(getattr(s, name) for s in summaries) for name in names})
    totals = ContractPeriodSummary.objects.filter(
        contract=contract,
        period__gte=month_range.start.first_day,
        period__lte=month_range.end.first_day,
    ).aggregate(**{name: Sum(name) for name in names})
    return Headline(**{name: value or 0 for name, value in totals.items()})


def monthly_summaries(contract, month_range: MonthRange) -> list[ContractPeriodSummary]:
    """One summary per month of the range; months without statuses count nothing."""
    found = {
        s.period: s
        for s in ContractPeriodSummary.objects.filter(
            contract=contract,
            period__gte=month_range.start.first_day,
            period__lte=month_range.end.first_day,
        ).order_by()
    }
    return [
        found.get(m.first_day) or ContractPeriodSummary(contract=contract, period=m.first_day)
        for m in month_range.months()
    ]


@dataclass
class Cell:
    status: str
    label: str
    colour: Colour
    value: object = None
    persistent: bool = False
    provisional: bool = False


@dataclass
class KPIRow:
    kpi: KPI
    cells: dict = field(default_factory=dict)  # Month -> Cell


def live_kpis(contract, month_range: MonthRange) -> list[KPI]:
    """The KPIs live in the range, with their service areas, in service-area order."""
    kpis = list(
        KPI.objects.for_contract(contract)
        .filter(live_from__lte=month_range.end.first_day)
        .exclude(retired_from__lte=month_range.start.first_day)
        .select_related("service_area")
        .order_by("service_area__sort_order", "service_area__name", "code")
    )
    for kpi in kpis:
        kpi.contract = contract  # links to the KPI page without a query per KPI
    return kpis


def performance_rows(contract, month_range: MonthRange) -> list[KPIRow]:
    """One row per KPI live in the range, in service-area order, with a cell per month.

    A month without a status row is not due (or not closed and not yet approved); a
    submitted figure there is shown as provisional and never counted."""
    start, end = month_range.start.first_day, month_range.end.first_day
    rows = {kpi.pk: KPIRow(kpi=kpi) for kpi in live_kpis(contract, month_range)}
    _add_status_cells(rows, contract, start, end)
    _add_provisional_cells(rows, contract, start, end)
    _fill_empty_cells(rows, contract, month_range)
    return list(rows.values())


def _add_status_cells(rows: dict, contract, start, end) -> None:
    statuses = (
        KPIMonthStatus.objects.filter(contract=contract, period__gte=start, period__lte=end)
        .order_by()
        .values_list(
            "kpi_id", "period", "status", "underlying_status", "value", "persistent_failure"
        )
    )
    months = {}  # a range has a few dozen months and thousands of statuses
    for kpi_id, period, status, underlying, value, persistent in statuses:
        row = rows.get(kpi_id)
        if row is not None:
            month = months.get(period) or months.setdefault(period, Month.from_date(period))
            row.cells[month] = Cell(
                status=status,
                label=status_label(status, underlying),
                colour=STATUS_COLOURS[status],
                value=value,
                persistent=persistent,
            )


def _add_provisional_cells(rows: dict, contract, start, end) -> None:
    """A submitted figure shows where no approved one is judged yet (or a failure is)."""
    provisional = (
        KPIFigure.objects.filter(
            kpi__contract=contract, state=FigureState.SUBMITTED, period__gte=start, period__lte=end
        )
        .only("kpi_id", "period", "value")
        .order_by()
    )
    for figure in provisional:
        row = rows.get(figure.kpi_id)
        existing = row.cells.get(figure.month) if row else None
        if row is not None and (
            existing is None or existing.status in MITIGABLE or existing.status == Status.AWAITING
        ):
            row.cells[figure.month] = Cell(
                status="provisional",
                label="Provisional",
                colour=Colour.GREY,
                value=figure.value,
                provisional=True,
            )


def _fill_empty_cells(rows: dict, contract, month_range: MonthRange) -> None:
    not_due = Cell(status=Status.NOT_DUE, label="Not due", colour=STATUS_COLOURS[Status.NOT_DUE])
    awaiting = Cell(
        status=Status.AWAITING, label="Awaiting", colour=STATUS_COLOURS[Status.AWAITING]
    )
    months = month_range.months()
    for row in rows.values():
        for month in months:
            if month not in row.cells:
                row.cells[month] = awaiting if _awaiting(row.kpi, month, contract) else not_due


def _awaiting(kpi: KPI, month: Month, contract) -> bool:
    closed = contract.closed_month
    return kpi.is_due(month) and (closed is None or month > closed)


@dataclass
class ExceptionGroup:
    kpi: KPI
    months: list = field(default_factory=list)  # KPIMonthStatus rows, in month order
    mitigations: list = field(default_factory=list)

    @property
    def persistent(self) -> bool:
        return any(row.persistent_failure for row in self.months)

    @property
    def same_levels(self) -> bool:
        """Whether every month was judged against the same target and minimum, so that
        the page says them once rather than on every row."""
        return len({(row.target, row.minimum) for row in self.months}) == 1


def exceptions(contract, month_range: MonthRange, *, kpis=None) -> list[ExceptionGroup]:
    """Every amber, red, missing and mitigated KPI-month in the range, grouped by KPI
    (persistent failures first), with the officer's commentary and each agreed
    mitigation once. `kpis` are the range's `live_kpis` if the caller has them already
    (each KPI is then one object, not one per row); else they are read."""
    if kpis is None:
        kpis = live_kpis(contract, month_range)
    kpis = {kpi.pk: kpi for kpi in kpis}
    rows = (
        KPIMonthStatus.objects.filter(
            contract=contract,
            period__gte=month_range.start.first_day,
            period__lte=month_range.end.first_day,
            status__in=[Status.AMBER, Status.RED, Status.MISSING, Status.MITIGATED],
        )
        .select_related("mitigation")
        # The commentary by the figure's key, not by joining figures: a join had the
        # planner hash every figure in the database to keep a few hundred.
        .annotate(
            commentary=Subquery(
                KPIFigure.objects.filter(pk=OuterRef("figure_id")).order_by().values("commentary")
            )
        )
        .order_by("kpi__service_area__sort_order", "kpi__code", "period")
    )
    groups = {}
    for row in rows:
        if row.kpi_id in kpis:
            row.kpi = kpis[row.kpi_id]
        else:  # statuses left from before a change of the KPI's dates: read on its own
            row.kpi.contract = contract
        group = groups.setdefault(row.kpi_id, ExceptionGroup(kpi=row.kpi))
        group.months.append(row)
        if row.mitigation and row.mitigation not in group.mitigations:
            group.mitigations.append(row.mitigation)
    return sorted(groups.values(), key=lambda g: not g.persistent)


def awaiting_review(contract) -> int:
    return KPIFigure.objects.for_contract(contract).submitted().count()


def cache_marker(contract) -> str:
    """Changes whenever what the performance table shows can: a recompute, a month
    closing, or a figure submitted or withdrawn (shown as provisional)."""
    return cache_markers([contract])[contract.pk]


def cache_markers(contracts) -> dict:
    """`cache_marker` of each contract, in one query whatever their number."""
    return {row[0]: row[1] for row in _marker_rows(contracts)}


class DashboardMarkers(NamedTuple):
    body: str  # the contract's `cache_marker`
    panels: str  # what the panels show the user
    facts: str  # what "About the contract" shows
    membership: ContractMembership | None  # the user's own, if any


def dashboard_markers(contract, user) -> DashboardMarkers:
    """The contract's `cache_marker`, and markers of what its dashboard's panels show to
    `user` (`panels.imt_panel`, `panels.minutes_panel`) and of what "About the contract"
    shows, read in the same query, with the user's own membership (their role).

    The panels change with the contract (its version), its IMT projects, their updates
    and go-live revisions, the agenda items about it with their actions and meetings,
    any board's edit, and with what the user may see (their boards and contracts; clerks
    and administrators see all, so they share one). "About the contract" changes with
    the contract (its version, its closed month), its supplier's name, its service areas
    and its members (their roles, names and service areas), which have no version: the
    marker is a digest of what it shows, read by the database."""
    [row] = _marker_rows([contract], user=user)
    _, marker, _, panels, _, _, facts, own = row
    scope = "all" if sees_every_contract(user) else f"u{user.pk}"
    return DashboardMarkers(
        body=marker,
        panels=f"{scope}-{panels}",
        facts=hashlib.blake2b(facts.encode(), digest_size=16).hexdigest(),
        membership=_membership(own, user, contract),
    )


def _membership(own: str | None, user, contract) -> ContractMembership | None:
    """The user's membership from its "id:role" (every field the model has)."""
    if not own:
        return None
    pk, role = own.split(":", 1)
    return ContractMembership(pk=int(pk), user=user, contract=contract, role=role)


def home_card_markers(contracts) -> dict:
    """Changes whenever a contract's home card can: its `cache_marker` (statuses, the
    closed month, submitted figures; approvals recompute), an edit of the contract, a KPI
    added, removed or edited (the returns outstanding), or the month the card ends on.
    One query."""
    return _card_markers(_marker_rows(contracts))


def visible_home_card_markers(user) -> dict:
    """`home_card_markers` of every contract the user sees, in the home page's order (by
    reference), in one query that reads no contract: when every card is in the cache
    the page needs nothing else of them."""
    try:
        visible, params = visible_contract_pks(user).order_by().query.sql_with_params()
    except EmptyResultSet:  # nobody signed in: no contract
        return {}
    return _card_markers(_read_markers(visible, list(params)))


def _card_markers(rows) -> dict:
    # The month a card ends on moves with the calendar while no month is closed.
    markers = {}
    for pk, marker, kpis, _, version, closed_through, *_ in rows:
        if isinstance(closed_through, str):  # SQLite gives the text of the date
            closed_through = date.fromisoformat(closed_through)
        closed = Month.from_date(closed_through) if closed_through else None
        markers[pk] = f"{marker}-{version}-{kpis}-{_anchor(closed)}"
    return markers


# Written in SQL (PostgreSQL's and SQLite's alike): the markers are read on every
# dashboard and home page, and building this query through the ORM cost several times
# what the database takes to run it. A marker has no spaces: a timestamp's would make a
# key invalid for memcached.
_MARKERS_SQL = f"""
SELECT c.id,
       COALESCE(CAST(c.closed_through AS TEXT), '') || '-' ||
       COALESCE((SELECT CAST(r.id AS TEXT) FROM {RecomputeRun._meta.db_table} r
                  WHERE r.contract_id = c.id AND r.outcome = %s
                  ORDER BY r.id DESC LIMIT 1), '') || '-' ||
       CAST(COALESCE(s.submitted, 0) AS TEXT) || '.'
       || COALESCE(REPLACE(CAST(s.latest AS TEXT), ' ', 'T'), '') || '.'
       || COALESCE(CAST(s.versions AS TEXT), ''),
       (SELECT CAST(COUNT(*) AS TEXT) || '.' || COALESCE(CAST(SUM(k.version) AS TEXT), '')
          FROM {KPI._meta.db_table} k WHERE k.contract_id = c.id),
       {{panels}},
       c.version, c.closed_through,
       {{facts}}
  FROM {Contract._meta.db_table} c
  JOIN {Supplier._meta.db_table} sup ON sup.id = c.supplier_id
  -- The submitted figures (few: they await approval) counted by contract in one pass,
  -- each figure's contract looked up by its KPI's key: as a subquery per contract, or a
  -- join, PostgreSQL read every submitted figure, or every KPI, once per contract.
  LEFT JOIN (SELECT sf.contract_id, COUNT(*) AS submitted, MAX(sf.submitted_at) AS latest,
                    SUM(sf.version) AS versions
               FROM (SELECT (SELECT k.contract_id FROM {KPI._meta.db_table} k
                              WHERE k.id = f.kpi_id) AS contract_id,
                            f.submitted_at, f.version
                       FROM {KPIFigure._meta.db_table} f WHERE f.state = %s) sf
              GROUP BY sf.contract_id) s ON s.contract_id = c.id
 WHERE c.id IN ({{ids}})
 ORDER BY c.reference
"""  # noqa: S608 - only table names and placeholders are put in; values are parameters


# The panels' marker (`dashboard_markers`), in SQL for the reason above. Only table names
# are put in; values are parameters.
def _rows_marker(table: str, where: str, *, versions: bool = True) -> str:
    """SQL for the count, highest id and (`versions`) summed versions of a table's rows:
    a row added raises the highest id, one removed lowers the count, one edited (a
    `VersionedModel`) raises the sum."""
    summed = "COALESCE(CAST(SUM(t.version) AS TEXT), '')" if versions else "''"
    count = "CAST(COUNT(*) AS TEXT) || '.' || COALESCE(CAST(MAX(t.id) AS TEXT), '')"
    return f"(SELECT {count} || '.' || {summed} FROM {table} t WHERE {where})"  # noqa: S608


def _last_change(model) -> str:
    """SQL for the latest history record of a model that has no version: every save and
    deletion of any of its rows writes one."""
    table = model.history.model._meta.db_table
    return f"(SELECT COALESCE(CAST(MAX(h.history_id) AS TEXT), '') FROM {table} h)"  # noqa: S608


def _panels_sql() -> str:
    """Its two parameters are the user's pk (their boards, their contracts)."""
    items, actions = AgendaItem._meta.db_table, Action._meta.db_table
    about_contract = f"SELECT i.id FROM {items} i WHERE i.contract_id = c.id"  # noqa: S608
    meetings = f"SELECT i.meeting_id FROM {items} i WHERE i.contract_id = c.id"  # noqa: S608
    # The contract's projects, and those its actions name: moving one to another
    # contract can hide an action from the user.
    named = f"SELECT a.imt_project_id FROM {actions} a WHERE a.agenda_item_id IN ({about_contract})"  # noqa: S608
    return " || '-' || ".join(
        [
            "CAST(c.version AS TEXT)",  # the contract's reference is in the minutes' link
            _rows_marker(items, "t.contract_id = c.id"),
            _rows_marker(actions, f"t.agenda_item_id IN ({about_contract})"),
            _rows_marker(Meeting._meta.db_table, f"t.id IN ({meetings})"),
            _rows_marker(IMTProject._meta.db_table, f"t.contract_id = c.id OR t.id IN ({named})"),
            _last_change(Board),
            _last_change(ProjectUpdate),
            _last_change(GoLiveRevision),
            _rows_marker(Board.members.through._meta.db_table, "t.user_id = %s", versions=False),
            _rows_marker(ContractMembership._meta.db_table, "t.user_id = %s", versions=False),
        ]
    )


_PANELS_SQL = _panels_sql()


def _text(column: str) -> str:
    """SQL for a text column prefixed with its length, so that no two different sets of
    values put one after another give the same text."""
    return f"CAST(LENGTH({column}) AS TEXT) || ':' || {column}"


def _joined(value: str, order: str, rows: str) -> str:
    """SQL for `value` of each of `rows` (FROM … WHERE …) joined into one text ('' for
    none): PostgreSQL's `string_agg`, in `order`, SQLite's `group_concat` (whose order
    may vary: a different text misses the cache, it is never stale)."""
    if connection.vendor == "postgresql":
        joined = f"string_agg({value}, ',' ORDER BY {order})"
    else:
        joined = f"group_concat({value}, ',')"
    return f"COALESCE((SELECT {joined} {rows}), '')"


def _area(alias: str) -> str:
    """SQL for a service area as shown: its name, and its order (the lists are in it)."""
    key, order = f"CAST({alias}.id AS TEXT)", f"CAST({alias}.sort_order AS TEXT)"
    return f"{key} || '.' || {order} || '.' || {_text(f'{alias}.name')}"


@functools.cache
def _facts_sql() -> str:
    """What "About the contract" shows (`dashboard_markers`), as one text, and the user's
    membership as "id:role". Its one parameter is the user's pk."""
    members, links = ContractMembership._meta.db_table, _AREAS_OF_MEMBERS._meta.db_table
    areas, users = ServiceArea._meta.db_table, get_user_model()._meta.db_table
    fields = ["m.role", "u.username", "u.first_name", "u.last_name"]
    # Each member once per service area they have (or once, with none).
    member = " || '.' || ".join(
        ["CAST(m.id AS TEXT)", *map(_text, fields), f"COALESCE({_area('ma')}, '')"]
    )
    facts = " || '|' || ".join(
        [
            "CAST(c.version AS TEXT)",
            "COALESCE(CAST(c.closed_through AS TEXT), '')",
            _text("sup.name"),
            _joined(_area("a"), "a.id", f"FROM {areas} a WHERE a.contract_id = c.id"),
            _joined(
                member,
                "m.id, ma.id",
                f"FROM {members} m JOIN {users} u ON u.id = m.user_id"
                f" LEFT JOIN {links} l ON l.contractmembership_id = m.id"
                f" LEFT JOIN {areas} ma ON ma.id = l.servicearea_id"
                " WHERE m.contract_id = c.id",
            ),
        ]
    )
    own = (
        f"(SELECT CAST(m.id AS TEXT) || ':' || m.role FROM {members} m"  # noqa: S608
        " WHERE m.contract_id = c.id AND m.user_id = %s)"
    )
    return f"{facts}, {own}"


_AREAS_OF_MEMBERS = ContractMembership.service_areas.through


def _marker_rows(contracts, user=None) -> list[tuple]:
    """(contract pk, cache marker, its KPIs' count and versions, panels' marker, its
    version, its closed month, what "About the contract" shows, the user's membership)
    of each contract: the marker is the last successful recompute, the closed month, and
    the submitted figures' count, latest submission and versions; with a `user`, the
    last three are read (`dashboard_markers`), else None."""
    ids = [c.pk for c in contracts]
    if not ids:
        return []
    return _read_markers(", ".join(["%s"] * len(ids)), ids, user)


def _read_markers(ids: str, ids_params: list, user=None) -> list[tuple]:
    """`_marker_rows` of the contracts whose pks `ids` (SQL: placeholders or a
    subquery, with `ids_params`) gives, by reference."""
    if user is None:
        panels, facts, scope = "NULL", "NULL, NULL", []
    else:
        panels, facts, scope = _PANELS_SQL, _facts_sql(), [user.pk, user.pk, user.pk]
    sql = _MARKERS_SQL.format(ids=ids, panels=panels, facts=facts)
    with connection.cursor() as cursor:
        # In the order of their placeholders: the select list's, the join's, the filter's.
        cursor.execute(sql, [RunOutcome.SUCCEEDED, *scope, FigureState.SUBMITTED, *ids_params])
        return cursor.fetchall()


@dataclass
class ContractCard:
    contract: object
    latest: ContractPeriodSummary | None
    trend: list
    open_month: Month
    outstanding: int


def anchor_month(contract) -> Month:
    """The month a contract's dashboards end on: its last closed month, or last month
    while none is closed."""
    return _anchor(contract.closed_month)


def _anchor(closed_month: Month | None) -> Month:
    return closed_month or Month.containing_today().previous()


def home_cards(contracts) -> list[ContractCard]:
    """For each contract: its latest closed month's summary, the 12 months before it and
    how many returns are still outstanding for the month now open. Four queries."""
    contracts = list(contracts)
    anchors = {c.pk: anchor_month(c) for c in contracts}
    if not contracts:
        return []
    earliest = min(anchors.values()).add(-11)
    summaries = {}
    for s in ContractPeriodSummary.objects.filter(
        contract__in=contracts, period__gte=earliest.first_day
    ).order_by():
        summaries[(s.contract_id, s.month)] = s
    open_months = {pk: anchor.next() for pk, anchor in anchors.items()}
    # Plain values, not KPI instances: twenty contracts can hold thousands of KPIs.
    kpis = (
        KPI.objects.filter(contract__in=contracts)
        .order_by()
        .values_list("pk", "contract_id", "live_from", "retired_from", "frequency")
    )
    done = set(
        KPIFigure.objects.filter(
            kpi__contract__in=contracts,
            period__in={m.first_day for m in open_months.values()},
            state__in=[FigureState.SUBMITTED, FigureState.APPROVED],
        )
        .order_by()
        .values_list("kpi_id", "period")
    )
    outstanding = dict.fromkeys(anchors, 0)
    for pk, contract_id, live_from, retired_from, frequency in kpis:
        month = open_months[contract_id]
        due = is_due(
            month=month,
            live_from=Month.from_date(live_from),
            retired_from=Month.from_date(retired_from) if retired_from else None,
            frequency=frequency,
        )
        if due and (pk, month.first_day) not in done:
            outstanding[contract_id] += 1
    cards = []
    for contract in contracts:
        anchor = anchors[contract.pk]
        trend = [
            summaries.get((contract.pk, m))
            or ContractPeriodSummary(contract=contract, period=m.first_day)
            for m in month_range_list(anchor.add(-11), anchor)
        ]
        cards.append(
            ContractCard(
                contract=contract,
                latest=summaries.get((contract.pk, anchor)),
                trend=trend,
                open_month=open_months[contract.pk],
                outstanding=outstanding[contract.pk],
            )
        )
    return cards
