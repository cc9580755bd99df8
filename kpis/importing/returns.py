"""Monthly figures from a file (`kpi_code, period, value, commentary`).

`validate_returns` checks every row and writes nothing; `commit_returns` saves them in
one transaction, all or none, and queues one recompute. The command and the upload
page both go through these two.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts.models import Contract
from core.periods import Month

from ..choices import FigureState
from ..duties import CORRECT, figure_refusal
from ..models import KPI, KPIFigure
from ..services import (
    check_month_allowed,
    figure_enter,
    figure_mark_approved,
    figure_mark_corrected,
    figure_mark_submitted,
    figures_write,
    recompute_on_commit,
)
from ..statistics import statistics_refresh
from ..values import InvalidValue, parse_value
from .reading import Row, Table, cell_text, is_blank, month_from_cell
from .results import CREATE, ERROR, SKIPPED, UNCHANGED, UPDATE, ImportRefused, RowError

RETURN_COLUMNS = ("kpi_code", "period", "value")
OPTIONAL_RETURN_COLUMNS = ("commentary", "correction_reason")


@dataclass
class ReturnRow:
    """What importing one row does (`action`), or why it cannot (`errors`)."""

    number: int
    action: str = ERROR
    kpi: KPI | None = None
    month: Month | None = None
    value: Decimal | None = None
    commentary: str | None = None  # None: the file has no commentary column
    correction_reason: str = ""
    figure: KPIFigure | None = None  # the figure already there, if any
    errors: list[RowError] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    @property
    def corrects_approved(self) -> bool:
        return self.action == UPDATE and self.figure.state == FigureState.APPROVED

    @property
    def new_commentary(self) -> str:
        if self.commentary is None:
            return self.figure.commentary if self.figure else ""
        return self.commentary


@dataclass(frozen=True)
class RowLimits:
    """What an upload page allows beyond the file's own rules: one month, and the KPIs
    of the uploader's service areas (None: any)."""

    month: Month | None = None
    kpi_ids: frozenset | None = None


@dataclass
class ReturnsResult:
    contract: Contract
    table: Table
    approve: bool
    today_month: Month
    rows: list[ReturnRow]
    limits: RowLimits | None = None
    operator_load: bool = False

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED, SKIPPED)}


def validate_returns(
    *,
    contract: Contract,
    table: Table,
    approve: bool = False,
    today_month: Month | None = None,
    limits: RowLimits | None = None,
    progress=None,
    user=None,
    operator_load: bool = False,
) -> ReturnsResult:
    """Check every row against the contract's KPIs and figures, writing nothing.

    `approve`: the figures will be saved approved (otherwise submitted). `limits`: rows
    outside them are errors. `progress(rows_read)` is called as the rows are read.
    `user`: who will import it; a row correcting an approved figure is an error unless
    they may correct it (`kpis.duties`; `operator_load`: a bulk load from the server,
    exempt from separation of duties). Raises ImportFileError when a required column is
    missing."""
    today_month = today_month or Month.containing_today()
    result = ReturnsResult(
        contract, table, approve, today_month, [], limits or RowLimits(), operator_load
    )
    return _check(result, user=user, lock=False, progress=progress)


def commit_returns(result: ReturnsResult, *, user, source: str) -> ReturnsResult:
    """Save the rows of a checked file, all or none, and return what was done.

    Raises ImportRefused when a row is bad, or when a figure changed after the file was
    checked. Approved figures are recomputed once, from the earliest month changed."""
    if result.errors:
        raise ImportRefused(result.errors)
    with transaction.atomic():
        fresh = _check(result, user=user, lock=True)
        if fresh.errors:
            raise ImportRefused(fresh.errors)
        _refuse_changed_since(result, fresh)
        judged = [r for r in fresh.rows if _changes_judged_figure(r, fresh.approve)]
        saved = [row for row in fresh.rows if row.action in (CREATE, UPDATE)]
        _save(saved, user=user, approve=fresh.approve, source=source)
        statistics_refresh(rows_written=len(saved))
        if judged:
            recompute_on_commit(
                contract=fresh.contract,
                period=min(row.month for row in judged),
                kpi_ids={row.kpi.pk for row in judged},
            )
    return fresh


PROGRESS_EVERY = 500  # rows


def _check(plan: ReturnsResult, *, user, lock, progress=None) -> ReturnsResult:
    """`plan` with its rows read and checked afresh, as `user` would import them."""
    contract, table = plan.contract, plan.table
    table.require(RETURN_COLUMNS, OPTIONAL_RETURN_COLUMNS)
    kpis = {kpi.code: kpi for kpi in contract.kpis.select_related("service_area", "contract")}
    rows = []
    for row in table.rows:
        rows.append(_read(row, table, kpis, contract, plan.today_month))
        if progress and len(rows) % PROGRESS_EVERY == 0:
            progress(len(rows))
    _refuse_outside(rows, plan.limits or RowLimits())
    _refuse_duplicates(rows)
    figures = _figures(rows, lock=lock)
    for row in rows:
        if row.action != SKIPPED and not row.errors:
            _decide(row, figures.get((row.kpi.pk, row.month)), plan.approve)
        if row.corrects_approved:
            _refuse_correction(row, user, plan.operator_load)
        if row.errors:
            row.action = ERROR
    return replace(plan, rows=rows)


def _read(row: Row, table: Table, kpis: dict, contract, today_month) -> ReturnRow:
    result = ReturnRow(row.number)
    if is_blank(row.get("value")):
        result.action = SKIPPED  # a template filled in part
        return result
    code = cell_text(row.get("kpi_code")).strip().upper()
    result.kpi = kpis.get(code)
    if not code:
        result.fail("kpi_code", "Enter the KPI code")
    elif result.kpi is None:
        result.fail("kpi_code", f"No KPI “{code}” in contract {contract.reference}")
    try:
        result.month = month_from_cell(row.get("period"))
    except ValueError as error:
        result.fail("period", str(error))
    if result.kpi is not None:
        _read_value(result, row.get("value"), today_month)
    if table.has("commentary"):
        result.commentary = cell_text(row.get("commentary"))  # exactly as written
    result.correction_reason = cell_text(row.get("correction_reason")).strip()
    return result


def _read_value(result: ReturnRow, cell, today_month: Month) -> None:
    if result.month is not None:
        try:
            check_month_allowed(kpi=result.kpi, month=result.month, today_month=today_month)
        except ValidationError as error:
            result.fail("period", " ".join(error.messages))
    try:
        result.value = parse_value(cell, result.kpi)
    except InvalidValue as error:
        result.fail("value", str(error))


def _refuse_outside(rows: list[ReturnRow], limits: RowLimits) -> None:
    for row in rows:
        if limits.month and row.month and row.month != limits.month:
            row.fail(
                "period", f"This upload is for {limits.month.label}: the row is for {row.month}"
            )
        if limits.kpi_ids is not None and row.kpi and row.kpi.pk not in limits.kpi_ids:
            area = row.kpi.service_area.name
            row.fail("kpi_code", f"{row.kpi.code} is in {area}, not one of your service areas")


def _refuse_duplicates(rows: list[ReturnRow]) -> None:
    first = {}
    for row in rows:
        if row.kpi is None or row.month is None:
            continue
        key = (row.kpi.pk, row.month)
        if key in first:
            row.fail("kpi_code", f"{row.kpi.code} for {row.month} is also in row {first[key]}")
        else:
            first[key] = row.number


def _figures(rows: list[ReturnRow], *, lock: bool) -> dict:
    wanted = {(row.kpi.pk, row.month) for row in rows if row.kpi and row.month}
    if not wanted:
        return {}
    figures = KPIFigure.objects.filter(
        kpi__in={kpi for kpi, _ in wanted}, period__in={month.first_day for _, month in wanted}
    ).order_by("pk")  # not the default ordering, which would lock the KPIs' rows too
    if lock:
        figures = figures.select_for_update()
    return {(figure.kpi_id, figure.month): figure for figure in figures}


def _decide(row: ReturnRow, figure: KPIFigure | None, approve: bool) -> None:
    row.figure = figure
    if figure is not None:
        figure.kpi = row.kpi  # already read with its contract: no query per row
    if figure is None:
        row.action = CREATE
        return
    same_value = figure.value == row.value
    same = same_value and figure.commentary == row.new_commentary
    if figure.state == FigureState.APPROVED:
        if same or row.correction_reason:
            row.action = UNCHANGED if same else UPDATE
        else:
            column = "commentary" if same_value else "value"
            row.fail(column, "Already approved: give a correction_reason to correct it")
        return
    state = FigureState.APPROVED if approve else FigureState.SUBMITTED
    row.action = UNCHANGED if same and figure.state == state else UPDATE


def _refuse_correction(row: ReturnRow, user, operator_load: bool) -> None:
    """The rule the correction service applies, checked before anything is saved so the
    preview names the row."""
    refusal = figure_refusal(row.figure, user, CORRECT, operator_load=operator_load)
    if refusal:
        row.fail("correction_reason", refusal)


def _refuse_changed_since(checked: ReturnsResult, fresh: ReturnsResult) -> None:
    def plan(row):
        return row.action, row.figure.version if row.figure else None

    changed = [
        RowError(new.number, "kpi_code", "Changed by someone else meanwhile: check the file again")
        for old, new in zip(checked.rows, fresh.rows, strict=True)
        if plan(old) != plan(new)
    ]
    if changed:
        raise ImportRefused(changed)


def _changes_judged_figure(row: ReturnRow, approve: bool) -> bool:
    return row.action in (CREATE, UPDATE) and (approve or row.corrects_approved)


def _save(rows: list[ReturnRow], *, user, approve: bool, source: str) -> None:
    """Write the figures in a few statements whatever their number, history included
    (a file may hold thousands of rows). Corrections were checked against the
    separation of duties with the rows (`_refuse_correction`)."""
    now = timezone.now()
    figures = []
    for row in rows:
        if row.corrects_approved:
            figure = row.figure
            figure_mark_corrected(
                figure,
                value=row.value,
                commentary=row.new_commentary,
                reason=row.correction_reason,
                user=user,
                now=now,
                source=source,
            )
            figure.version += 1
        else:
            figure = _filled(row, user=user, approve=approve, source=source, now=now)
        figures.append(figure)
    try:
        figures_write(figures, user=user)
    except IntegrityError:
        # The form or another import created one of these figures after the file was
        # checked; raising rolls the whole import back.
        first = next(row.number for row in rows if row.action == CREATE)
        message = "A new figure in this file was saved by someone else meanwhile: check again"
        raise ImportRefused([RowError(first, "kpi_code", message)]) from None


def _filled(row: ReturnRow, *, user, approve: bool, source: str, now) -> KPIFigure:
    figure = row.figure or KPIFigure(kpi=row.kpi, period=row.month.first_day, version=0)
    # A file has no numerator or denominator: the figure keeps its own.
    figure_enter(
        figure,
        value=row.value,
        commentary=row.new_commentary,
        numerator=figure.numerator,
        denominator=figure.denominator,
        user=user,
        now=now,
        source=source,
    )
    figure_mark_submitted(figure, user=user, now=now)
    if approve:
        figure_mark_approved(figure, user=user, now=now)
    figure.version += 1
    figure._change_reason = f"Imported ({source})"
    return figure
