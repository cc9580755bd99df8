"""`recompute_statuses`: rebuild KPIMonthStatus and ContractPeriodSummary, set-based.

One SQL statement judges every (KPI, due month) of a contract, or of the KPIs a change
touched, mirroring `rag.month_status` and `rag.persistent_failures` (tests prove they
agree); compares it with the stored rows; runs the persistent-failure window over the
KPIs with some difference only; writes only the rows that changed and deletes the rows
that should no longer exist (on SQLite, which cannot write from a CTE, an upsert and a
delete). The month summaries are then rebuilt for the months whose statuses changed
(every month in scope on a full recompute, which so repairs them too), again writing
only what differs, so a recompute that changes nothing writes nothing. Runs for one
contract are serialised by a PostgreSQL advisory lock that waits (SQLite serialises
writers by itself).

A KPI's statuses depend only on its own figures, targets and mitigations and on its
earlier months (persistent failure), so recomputing the touched KPIs from the earliest
touched month gives exactly the rows a full recompute would."""

import logging
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from contracts.models import Contract
from core.periods import QUARTER_END_MONTHS, Month, month_range

from .choices import FigureState, Frequency, Polarity, RunOutcome, Status
from .models import ContractPeriodSummary, KPIMonthStatus, RecomputeRun
from .rag import achieved_percent
from .recompute_sql import (
    DELETE_STALE_SQL,
    DUE_SQL,
    JUDGE_CTES,
    MONTHS_SQL,
    ONE_STATEMENT_SQL,
    RUN_FINISH_SQL,
    RUN_START_NO_WAIT,
    RUN_START_SQL,
    SCOPE_SQL,
    SUMMARIES_SQL,
    UPSERT_SQL,
)

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x4F5653 << 32  # "OVS": keeps our advisory locks apart from others'


def _statements(months: str, kpis: str, every_kpi: bool) -> list[str]:
    """The statements that bring the statuses in scope up to date. SQLite has no writing
    CTEs: the upsert, then the delete, each judging afresh (the upsert writes only
    wanted rows, so the delete finds the same stale ones)."""
    ctes = JUDGE_CTES.format(
        months=months,
        due=DUE_SQL,
        kpis=kpis,
        distinct=_distinct_operator(),
        # Every KPI: the contract's rows, by the index on (contract, period).
        stored="AND s.contract_id = %(contract)s" if every_kpi else "",
    )
    if connection.vendor == "postgresql":
        return [ONE_STATEMENT_SQL.format(ctes=ctes, delete=DELETE_STALE_SQL, upsert=UPSERT_SQL)]
    return [ctes + UPSERT_SQL, ctes + DELETE_STALE_SQL]


# The choices the statements compare with, as parameters: spelt once, by the TextChoices.
CHOICES_PARAMS = {
    "monthly": Frequency.MONTHLY.value,
    "approved": FigureState.APPROVED.value,
    "higher": Polarity.HIGHER.value,
    "lower": Polarity.LOWER.value,
    **{status.value: status.value for status in Status},
}


def _distinct_operator() -> str:
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def _months_sql(contract: Contract, kpis: str, params: dict) -> str | None:
    """The `months` CTE of the judging statements (None: no month is in scope). On
    PostgreSQL worked out inside the statement (MONTHS_SQL); on SQLite read first, under
    the lock, and sent as VALUES rows."""
    if connection.vendor == "postgresql":
        params["quarter_ends"] = list(QUARTER_END_MONTHS)
        return MONTHS_SQL.format(scope=SCOPE_SQL.format(kpis=kpis))
    months = _months_in_scope(contract, kpis, params)
    if not months:
        return None
    rows = []
    for i, month in enumerate(months):
        rows.append(f"(%(p{i})s, %(c{i})s, %(q{i})s)")
        params[f"p{i}"] = month.first_day
        params[f"c{i}"] = contract.is_closed(month)
        params[f"q{i}"] = month.is_quarter_end
    return f"months (period, is_closed, is_quarter_end) AS (VALUES {', '.join(rows)})"


def _months_in_scope(contract: Contract, kpis: str, params: dict) -> list[Month]:
    """The months in scope of the KPIs `kpis` (`_kpis_filter`) selects; also reads the
    contract's `closed_through` afresh (under the lock)."""
    with connection.cursor() as cursor:
        cursor.execute(SCOPE_SQL.format(kpis=kpis), params)
        closed_through, first, last = (_as_date(d) if d else None for d in cursor.fetchone())
    contract.closed_through = closed_through
    ends = [d for d in (closed_through, last) if d is not None]
    if first is None or not ends:
        return []
    return month_range(Month.from_date(first), Month.from_date(max(ends)))


def _lock(contract: Contract, *, own_transaction: bool) -> None:
    """Wait for any other recompute of the contract, in the same round trip as the
    settings of this transaction."""
    if connection.vendor != "postgresql":
        return
    # JIT compiling the statements costs more than it saves (seconds once a large
    # contract lifts their estimated cost over jit_above_cost).
    settings = ["set_config('jit', 'off', true)"]
    if own_transaction:
        # The commit does not wait for the disk: everything written is derived, and a
        # commit lost in a crash is recomputed. Its run stays "running", committed
        # before, for the sweeper to mark abandoned and request again; and an outbox
        # request is removed only by a later transaction, whose durable commit makes
        # this one durable too (the log is written in order). Not when the caller's
        # transaction holds other work (closing a month).
        settings.append("set_config('synchronous_commit', 'off', true)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_advisory_xact_lock(%s), {', '.join(settings)}",
            [LOCK_NAMESPACE + contract.pk],
        )


def _kpis_filter(column: str, kpi_ids: list[int] | None, params: dict) -> str:
    """SQL narrowing `column` to the KPIs touched (nothing: every KPI)."""
    if kpi_ids is None:
        return ""
    if not kpi_ids:
        return "AND 1 = 0"
    for i, kpi_id in enumerate(kpi_ids):
        params[f"k{i}"] = kpi_id
    return f"AND {column} IN ({', '.join(f'%(k{i})s' for i in range(len(kpi_ids)))})"


def _rebuild_statuses(
    contract: Contract, since: date, kpi_ids: list[int] | None
) -> tuple[int, set[date]]:
    """Write the statuses that changed; returns how many, and the months they are in."""
    params = {**CHOICES_PARAMS, "contract": contract.pk, "since": since}
    kpis = _kpis_filter("k.id", kpi_ids, params)
    months = _months_sql(contract, kpis, params)
    if months is None:
        stale = KPIMonthStatus.objects.filter(contract=contract, period__gte=since)
        if kpi_ids is not None:
            stale = stale.filter(kpi_id__in=kpi_ids)
        periods = set(stale.values_list("period", flat=True).distinct())
        deleted, _ = stale.delete()
        return deleted, periods
    changed = []
    with connection.cursor() as cursor:
        for statement in _statements(months, kpis, kpi_ids is None):
            cursor.execute(statement, params)
            changed += [period for (period,) in cursor.fetchall()]
    return len(changed), {_as_date(period) for period in changed}


def _as_date(value) -> date:
    # SQLite hands back the text it stored.
    return value if isinstance(value, date) else date.fromisoformat(value)


SUMMARY_COUNTS = (
    "green",
    "amber",
    "red",
    "mitigated",
    "missing",
    "awaiting",
    "no_target",
    "persistent_failures",
    "measured",
    "achieved_percent",
)

COUNTED = ("green", "amber", "red", "mitigated", "missing", "awaiting", "no_target")


def _summaries_sql(periods: str, run: str) -> str:
    """The summaries' statement for the months `periods` (SQL on `s.period`) selects,
    with `run` (RUN_FINISH_SQL or nothing) before; the count columns spelt from the
    names, once."""
    return SUMMARIES_SQL.format(
        run=run,
        counts=", ".join(
            f"SUM(CASE WHEN s.status = %({name})s THEN 1 ELSE 0 END) AS {name}" for name in COUNTED
        ),
        counted=", c.".join(COUNTED),
        stored=", s.".join(SUMMARY_COUNTS[:-1]),
        periods=periods,
    )


def _rebuild_summaries(
    contract: Contract, since: date, periods: list[date] | None, run: RecomputeRun
) -> bool:
    """Rebuild the summaries of `periods` (None: every month from `since`) from all the
    contract's statuses in those months, writing only the rows that differ. On
    PostgreSQL the statement that reads them also records the run's outcome (one round
    trip fewer; its transaction still commits it with the summaries, or not at all);
    returns whether it did."""
    record_run = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(*_summaries_query(contract, since, periods, run if record_run else None))
        rows = cursor.fetchall()
    new, changed, gone = [], [], []
    counted = len(COUNTED) + 1
    for period, *values in rows:
        counts, (summary_id, *stored) = values[:counted], values[counted:]
        if counts[0] is None:
            gone.append(summary_id)
            continue
        wanted = ContractPeriodSummary(
            contract=contract,
            period=_as_date(period),
            **dict(zip((*COUNTED, "persistent_failures"), counts, strict=True)),
        )
        measured = wanted.green + wanted.amber + wanted.red
        wanted.measured = measured
        wanted.achieved_percent = achieved_percent(wanted.green, measured)
        if summary_id is None:
            new.append(wanted)
        elif _counts(wanted) != (*stored[:-1], Decimal(stored[-1]) if stored[-1] else None):
            wanted.pk = summary_id
            changed.append(wanted)
    if gone:
        ContractPeriodSummary.objects.filter(pk__in=gone).delete()
    if changed:
        ContractPeriodSummary.objects.bulk_update(changed, SUMMARY_COUNTS)
    if new:
        ContractPeriodSummary.objects.bulk_create(new)
    return record_run


def _summaries_query(
    contract: Contract, since: date, periods: list[date] | None, run: RecomputeRun | None
) -> tuple[str, dict]:
    """The summaries' statement and its parameters; with a `run`, it records the run's
    outcome too."""
    params = {**CHOICES_PARAMS, "contract": contract.pk, "since": since}
    if run is not None:
        params.update(
            run=run.pk,
            rows_changed=run.rows_changed,
            outcome=run.outcome,
            finished_at=run.finished_at,
        )
    if periods is None:
        condition = "s.period >= %(since)s"
    else:
        params.update({f"m{i}": period for i, period in enumerate(periods)})
        condition = f"s.period IN ({', '.join(f'%(m{i})s' for i in range(len(periods)))})"
    return _summaries_sql(condition, RUN_FINISH_SQL if run is not None else ""), params


def _counts(summary: ContractPeriodSummary) -> tuple:
    return tuple(getattr(summary, name) for name in SUMMARY_COUNTS)


def _run_start(
    contract: Contract, period: Month | None, kpi_ids: list[int] | None, *, own_transaction: bool
) -> RecomputeRun:
    """Record the run as running, committed before the work (in a caller's transaction:
    with it), so that a run that dies stays "running" for the sweeper. Its commit does
    not wait for the disk when the recompute is its own transaction: if a crash loses
    this row, it loses the recompute's commit too, which comes later in the same log
    (and does not wait for the disk either), so nothing is left half done; the change's
    outbox request, removed only by a later durable commit, is still pending, and the
    sweeper queues it again."""
    run = RecomputeRun(
        contract=contract,
        period=period.first_day if period else None,
        kpi_count=None if kpi_ids is None else len(kpi_ids),
        started_at=timezone.now(),
    )
    no_wait = own_transaction and connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            RUN_START_SQL.format(settings=RUN_START_NO_WAIT if no_wait else ""),
            {
                "contract": contract.pk,
                "period": connection.ops.adapt_datefield_value(run.period),
                "kpi_count": run.kpi_count,
                "started_at": connection.ops.adapt_datetimefield_value(run.started_at),
                "outcome": run.outcome,
            },
        )
        (run.pk,) = cursor.fetchone()
    run._state.adding, run._state.db = False, connection.alias
    return run


def _recompute_contract(
    contract: Contract, period: Month | None, kpi_ids: list[int] | None
) -> RecomputeRun:
    since = period.first_day if period else date(1900, 1, 1)
    own_transaction = not connection.in_atomic_block
    run = _run_start(contract, period, kpi_ids, own_transaction=own_transaction)
    try:
        with transaction.atomic():
            _lock(contract, own_transaction=own_transaction)
            run.rows_changed, changed_periods = _rebuild_statuses(contract, since, kpi_ids)
            run.outcome = RunOutcome.SUCCEEDED
            run.finished_at = timezone.now()
            recorded = False
            if kpi_ids is None:
                recorded = _rebuild_summaries(contract, since, None, run)
            elif changed_periods:
                recorded = _rebuild_summaries(contract, since, sorted(changed_periods), run)
            if not recorded:
                run.save(update_fields=["rows_changed", "outcome", "finished_at"])
    except Exception as error:
        run.outcome, run.error, run.finished_at = RunOutcome.FAILED, repr(error), timezone.now()
        run.save(update_fields=["outcome", "error", "finished_at"])
        logger.exception("Recompute of %s failed", contract.reference)
        raise
    return run


def recompute_statuses(
    *,
    contract: Contract | None = None,
    period: Month | None = None,
    kpi_ids: Iterable[int] | None = None,
) -> list[RecomputeRun]:
    """Rebuild statuses and summaries of one contract (or every contract), for `period`
    and every later month (or all months), of the KPIs in `kpi_ids` (None: every KPI).
    Idempotent; one transaction per contract."""
    kpis = None if kpi_ids is None else sorted(set(kpi_ids))
    contracts = [contract] if contract is not None else list(Contract.objects.order_by("pk"))
    return [_recompute_contract(c, period, kpis) for c in contracts]
