"""KPI definitions from a file: one row per target version (README, `import_kpis`).

Rows with one code are that KPI's target versions, by `effective_from`; the earliest is
the month it goes live. `validate_kpis` writes nothing; `commit_kpis` writes all rows or
none, through the KPI services, and queues one recompute.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from contracts.models import Contract, ServiceArea
from core.periods import Month

from ..choices import Frequency, Polarity, Unit
from ..codes import CODE_MESSAGE, is_kpi_code
from ..models import KPI
from ..services import check_target_levels, kpi_save, recompute_on_commit, target_add
from ..values import MAX_DECIMAL_PLACES, InvalidValue, check_range, parse_number, parse_yes_no
from .reading import Row, Table, cell_text, is_blank, month_from_cell
from .results import CREATE, ERROR, UNCHANGED, UPDATE, ImportRefused, RowError

KPI_COLUMNS = (
    "code",
    "name",
    "service_area",
    "unit",
    "polarity",
    "frequency",
    "target",
    "minimum",
    "effective_from",
)
OPTIONAL_KPI_COLUMNS = (
    "min_value",
    "max_value",
    "contractual",
    "retired_from",
    "variation",
    "decimal_places",
    "description",
    "published",
)
# KPI fields that may be set without changing the KPI's months (live_from is derived).
KPI_FIELDS = (
    "name",
    "unit",
    "polarity",
    "frequency",
    "min_value",
    "max_value",
    "contractual",
    "retired_from",
    "decimal_places",
    "description",
    "published",
)


@dataclass
class VersionRow:
    """One row: a target version of a KPI, and the KPI's definition as the row gives it."""

    number: int
    code: str
    definition: dict = field(default_factory=dict)  # only the columns the file has
    effective_from: Month | None = None
    target: Decimal | None = None
    minimum: Decimal | None = None
    variation: str = ""
    action: str = ERROR
    errors: list[RowError] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


@dataclass
class KPIPlan:
    """What importing one code's rows does to its KPI."""

    kpi: KPI  # with the file's definition applied, not saved
    service_area: str
    rows: list[VersionRow]
    action: str = ERROR
    previous_live: Month | None = None


@dataclass
class KPIsResult:
    contract: Contract
    table: Table
    plans: list[KPIPlan]
    new_service_areas: list[str]

    @property
    def errors(self) -> list[RowError]:
        errors = [error for plan in self.plans for row in plan.rows for error in row.errors]
        return sorted(errors, key=lambda error: error.row)

    @property
    def kpi_counts(self) -> dict[str, int]:
        return {a: sum(p.action == a for p in self.plans) for a in (CREATE, UPDATE, UNCHANGED)}

    @property
    def version_counts(self) -> dict[str, int]:
        actions = [row.action for plan in self.plans for row in plan.rows]
        return {action: actions.count(action) for action in (CREATE, UNCHANGED)}


def validate_kpis(*, contract: Contract, table: Table) -> KPIsResult:
    """Check every row against the contract's KPIs and targets, writing nothing.
    Raises ImportFileError when a column is missing."""
    table.require(KPI_COLUMNS, OPTIONAL_KPI_COLUMNS)
    groups: dict[str, list[VersionRow]] = {}
    for row in table.rows:
        version = _read(row, table)
        groups.setdefault(version.code, []).append(version)
    existing = {
        kpi.code: kpi
        for kpi in contract.kpis.select_related("service_area").prefetch_related("targets")
    }
    plans = [_plan(contract, rows, existing.get(code)) for code, rows in groups.items()]
    known = {area.lower() for area in contract.service_areas.values_list("name", flat=True)}
    new_areas = []
    for plan in plans:
        if plan.service_area.lower() not in known | {a.lower() for a in new_areas}:
            new_areas.append(plan.service_area)
    return KPIsResult(contract, table, plans, new_areas)


def commit_kpis(result: KPIsResult, *, user=None) -> KPIsResult:
    """Save the checked definitions and target versions, all or none; raise
    ImportRefused when a row is bad. The contract is recomputed once."""
    if result.errors:
        raise ImportRefused(result.errors)
    with transaction.atomic():
        fresh = validate_kpis(contract=result.contract, table=result.table)
        if fresh.errors:
            raise ImportRefused(fresh.errors)
        areas = _service_areas(fresh)
        since = []
        for plan in fresh.plans:
            since += _save(plan, areas[plan.service_area.lower()], user)
        if since:
            recompute_on_commit(contract=fresh.contract, period=min(since))
    return fresh


# Reading rows ----------------------------------------------------------------------


def _read(row: Row, table: Table) -> VersionRow:
    version = VersionRow(row.number, code=cell_text(row.get("code")).strip().upper())
    if not version.code:
        version.fail("code", "Enter the KPI code")
    elif not is_kpi_code(version.code):
        version.fail("code", CODE_MESSAGE)
    definition = version.definition
    for column in ("name", "service_area"):
        definition[column] = cell_text(row.get(column)).strip()
        if not definition[column]:
            version.fail(column, f"Enter the {column.replace('_', ' ')}")
    unit = definition["unit"] = _choice(version, row, "unit", Unit)
    definition["polarity"] = _choice(version, row, "polarity", Polarity, Polarity.HIGHER)
    definition["frequency"] = _choice(version, row, "frequency", Frequency, Frequency.MONTHLY)
    if unit == Unit.YES_NO and definition["polarity"] != Polarity.HIGHER:
        version.fail("polarity", "A yes/no KPI's target is yes: write higher or leave it empty")
    percent = unit == Unit.PERCENT
    for column in ("min_value", "max_value"):
        if table.has(column):
            definition[column] = None if unit == Unit.YES_NO else _number(version, row, column)
    if table.has("contractual"):
        definition["contractual"] = _yes_no(version, row, "contractual", blank=True)
    if table.has("published"):
        definition["published"] = _yes_no(version, row, "published", blank=False)
    if table.has("retired_from"):
        definition["retired_from"] = _month(version, row, "retired_from", required=False)
    if table.has("decimal_places"):
        definition["decimal_places"] = _places(version, row)
    if table.has("description"):
        definition["description"] = cell_text(row.get("description")).strip()
    version.effective_from = _month(version, row, "effective_from", required=True)
    if unit == Unit.YES_NO:
        version.target = Decimal(1)  # a yes/no KPI's target is yes
    else:
        version.target = _number(version, row, "target", percent=percent)
        version.minimum = _number(version, row, "minimum", percent=percent)
    version.variation = cell_text(row.get("variation")).strip()
    return version


def _choice(version: VersionRow, row: Row, column: str, choices, default=None):
    """A choice written as its value or its label, in any case."""
    text = cell_text(row.get(column)).strip()
    if not text and default is not None:
        return default
    for value, label in choices.choices:
        if text.lower() in (value.lower(), label.lower()):
            return value
    allowed = ", ".join(choices.values)
    version.fail(column, f"“{text}” is not one of {allowed}" if text else f"Enter one of {allowed}")
    return None


def _number(version: VersionRow, row: Row, column: str, percent=False) -> Decimal | None:
    cell = row.get(column)
    if is_blank(cell):
        return None
    try:
        return parse_number(cell, percent=percent)
    except InvalidValue as error:
        version.fail(column, str(error))
        return None


def _yes_no(version: VersionRow, row: Row, column: str, *, blank: bool) -> bool:
    """yes/no (y/n, true/false, 1/0 too); an empty cell means `blank`."""
    cell = row.get(column)
    if is_blank(cell):
        return blank
    try:
        return bool(parse_yes_no(cell))
    except InvalidValue as error:
        version.fail(column, str(error))
        return blank


def _places(version: VersionRow, row: Row) -> int:
    """Decimal places shown; an empty cell is the KPI's default."""
    default = KPI._meta.get_field("decimal_places").default
    cell = row.get("decimal_places")
    text = cell_text(cell).strip()
    if is_blank(cell):
        return default
    if text.isdigit() and int(text) <= MAX_DECIMAL_PLACES:
        return int(text)
    version.fail("decimal_places", f"Enter a whole number from 0 to {MAX_DECIMAL_PLACES}")
    return default


def _month(version: VersionRow, row: Row, column: str, *, required: bool) -> Month | None:
    cell = row.get(column)
    if is_blank(cell) and not required:
        return None
    try:
        return month_from_cell(cell)
    except ValueError as error:
        version.fail(column, str(error))
        return None


# Checking one KPI's rows --------------------------------------------------------------


def _plan(contract: Contract, rows: list[VersionRow], existing: KPI | None) -> KPIPlan:
    first = rows[0]
    plan = KPIPlan(existing or KPI(contract=contract, code=first.code), "", rows)
    _check_rows_agree(rows)
    _check_versions_distinct(rows)
    if any(row.errors for row in rows):
        return plan
    plan.service_area = first.definition["service_area"]
    plan.previous_live = existing.live_month if existing else None
    changed = _apply_definition(plan, first)
    for row in rows:
        _check_version(plan.kpi, row, contract)
    if not any(row.errors for row in rows):
        plan.action = CREATE if existing is None else UPDATE if changed else UNCHANGED
    return plan


def _check_rows_agree(rows: list[VersionRow]) -> None:
    first = rows[0]
    unreadable = {error.column for error in first.errors}
    for row in rows[1:]:
        skip = unreadable | {error.column for error in row.errors}
        for column, value in row.definition.items():
            if column not in skip and value != first.definition.get(column):
                row.fail(column, f"Differs from row {first.number}, a row of the same KPI")


def _check_versions_distinct(rows: list[VersionRow]) -> None:
    seen = {}
    for row in rows:
        month = row.effective_from
        if month in seen:
            row.fail("effective_from", f"{month} is also in row {seen[month]}")
        elif month is not None:
            seen[month] = row.number


def _apply_definition(plan: KPIPlan, first: VersionRow) -> bool:
    """Set the file's definition on the KPI; whether anything changed."""
    kpi, definition = plan.kpi, first.definition
    live = min(row.effective_from for row in plan.rows)
    if plan.previous_live is not None:
        live = min(live, plan.previous_live)
    values = {name: definition[name] for name in KPI_FIELDS if name in definition}
    values["live_from"] = live.first_day
    if values.get("retired_from") is not None:
        values["retired_from"] = values["retired_from"].first_day
    changed = bool(kpi.pk) and kpi.service_area.name.lower() != plan.service_area.lower()
    for name, value in values.items():
        changed |= getattr(kpi, name) != value
        setattr(kpi, name, value)
    retired = kpi.retired_month
    if retired is not None and retired <= live:
        first.fail("retired_from", "Must be after the month the KPI goes live")
    try:
        kpi.full_clean(exclude=["service_area"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            first.fail("effective_from" if name == "live_from" else name, " ".join(messages))
    return changed


def _check_version(kpi: KPI, row: VersionRow, contract: Contract) -> None:
    try:
        check_target_levels(kpi=kpi, target=row.target, minimum=row.minimum)
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            row.fail(column, " ".join(messages))
    for column in ("target", "minimum"):
        level = getattr(row, column)
        if level is not None and not kpi.is_yes_no:
            try:
                check_range(level, kpi)
            except InvalidValue as error:
                row.fail(column, str(error))
    month = row.effective_from
    versions = {version.effective_month: version for version in kpi.targets.all()} if kpi.pk else {}
    old = versions.get(month)
    if old is not None and (old.target, old.minimum) != (row.target, row.minimum):
        row.fail(
            "effective_from",
            f"A target version from {month} already exists with other levels; "
            "versions cannot be changed: add one from a later month",
        )
    elif old is None and contract.is_closed(month) and not row.variation:
        row.fail(
            "variation",
            f"{month.label} is closed: give the contract variation that allows setting its target",
        )
    if not row.errors:
        row.action = CREATE if old is None else UNCHANGED


# Saving ----------------------------------------------------------------------------


def _service_areas(result: KPIsResult) -> dict[str, ServiceArea]:
    contract = result.contract
    areas = {area.name.lower(): area for area in contract.service_areas.all()}
    order = contract.service_areas.aggregate(last=Max("sort_order"))["last"] or 0
    for offset, name in enumerate(result.new_service_areas, start=1):
        area = ServiceArea.objects.create(contract=contract, name=name, sort_order=order + offset)
        areas[name.lower()] = area
    return areas


def _save(plan: KPIPlan, area: ServiceArea, user) -> list[Month]:
    """Save one KPI and its new versions; the months from which statuses may change."""
    kpi, since = plan.kpi, []
    if plan.action != UNCHANGED:
        kpi.service_area = area
        kpi_save(kpi=kpi, user=user, recompute=False)
        since += [m for m in (kpi.live_month, plan.previous_live) if m is not None]
    for row in plan.rows:
        if row.action != CREATE:
            continue
        try:
            target_add(
                kpi=kpi,
                effective_from=row.effective_from,
                target=row.target,
                minimum=row.minimum,
                variation_reference=row.variation,
                user=user,
                recompute=False,
            )
        except ValidationError as error:
            message = " ".join(error.messages)
            raise ImportRefused([RowError(row.number, "effective_from", message)]) from None
        since.append(row.effective_from)
    return since
