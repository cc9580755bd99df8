"""The recompute benchmark: `kpis.recompute.recompute_statuses` over ~100,000 figures,
beside the one-statement SQL floor and the per-row ORM loop it replaced. All three
must produce the same rows; the benchmark stops if they do not."""

from django.db import connection

from contracts.models import Contract
from kpis.models import KPIFigure, KPIMonthStatus
from kpis.recompute import recompute_statuses

from . import floor
from .naive import naive_recompute
from .report import Contender, Measure, Ratio, Section, side_by_side

EXPECTED = "bench_expected_status"
COLUMNS = (
    "contract_id, kpi_id, period, status, underlying_status, target, minimum, value, "
    "figure_id, mitigation_id, persistent_failure"
)
DESCRIPTION = """
`recompute_statuses()` rebuilding every `KPIMonthStatus` of 20 contracts × 150 KPIs ×
36 months (about 100,000 approved figures; target versions, mitigations, missing months,
quarterly KPIs) into an empty table, one transaction per contract, summaries included;
then the same call again when nothing has changed. `sql_floor` is one hand-written
`INSERT … SELECT` producing the same rows for all contracts at once into a scratch table
with the same indexes and foreign keys (no upsert, no summaries, JIT off): the cost of
the work itself. `naive_orm` is a per-row loop (`rag.month_status`,
`rag.persistent_failures`, `update_or_create` per row) timed on a tenth of the
contracts and scaled by rows. The benchmark checks that all three write identical rows.
"""
TIMING = """
Times are medians of {runs} interleaved rounds after one warm-up round (the naive loop:
{naive_runs} rounds, no warm-up).
"""


def _empty_statuses() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE kpis_kpimonthstatus")


def _keep_expected() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EXPECTED}")
        cursor.execute(f"CREATE TABLE {EXPECTED} AS SELECT {COLUMNS} FROM kpis_kpimonthstatus")


def differences(table: str) -> int:
    """Rows in `table` or in the service's result but not in both."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM (
                (SELECT {COLUMNS} FROM {table} EXCEPT ALL SELECT {COLUMNS} FROM {EXPECTED})
                UNION ALL
                (SELECT {COLUMNS} FROM {EXPECTED} EXCEPT ALL SELECT {COLUMNS} FROM {table})
            ) AS different"""
        )
        return cursor.fetchone()[0]


def _check(table: str, who: str) -> None:
    different = differences(table)
    if different:
        raise SystemExit(f"{who} disagrees with recompute_statuses on {different} rows")


def run(*, runs: int, naive_runs: int, naive_share: int = 10) -> Section:
    recompute_statuses()
    rows = KPIMonthStatus.objects.count()
    _keep_expected()
    floor.create_scratch()
    medians = side_by_side(
        {
            "recompute_100k": Contender(recompute_statuses, prepare=_empty_statuses),
            "recompute_100k_noop": Contender(recompute_statuses),
            "sql_floor": Contender(floor.run_floor, prepare=floor.empty_scratch),
        },
        runs=runs,
    )
    _check("kpis_kpimonthstatus", "recompute_statuses")
    _check(floor.SCRATCH, "The SQL floor")
    floor.drop_scratch()
    naive_rows, naive_seconds = _naive(runs=naive_runs, share=naive_share)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {EXPECTED}")
    section = Section(
        "recompute",
        "Recompute",
        DESCRIPTION.strip() + TIMING.format(runs=runs, naive_runs=naive_runs),
    )
    _fill(section, medians, rows, naive_rows, naive_seconds * rows / naive_rows)
    return section


def _fill(section: Section, medians: dict, rows: int, naive_rows: int, naive: float) -> None:
    full, noop, sql_floor = (
        medians[name] for name in ("recompute_100k", "recompute_100k_noop", "sql_floor")
    )
    figures = KPIFigure.objects.filter(state="approved").count()
    section.measures = [
        Measure("approved_figures", figures, "rows", "input"),
        Measure("statuses", rows, "rows", "rows each run writes"),
        Measure("recompute_100k", full, "s", "`recompute_statuses()`, empty table"),
        Measure("recompute_100k_noop", noop, "s", "the same call, nothing to change"),
        Measure("sql_floor", sql_floor, "s", "one `INSERT … SELECT`, same rows"),
        Measure(
            f"naive_orm (extrapolated from {naive_rows} rows)",
            naive,
            "s",
            "per-row ORM loop, scaled by rows",
        ),
    ]
    section.ratios = [
        Ratio("recompute_100k", "sql_floor", full / sql_floor, "aim: at most 1.5x"),
        Ratio("naive_orm", "recompute_100k", naive / full, "what set-based saves"),
    ]


def _naive(*, runs: int, share: int) -> tuple[int, float]:
    """Time the per-row loop on every `share`-th contract: (rows written, seconds)."""
    subset = list(Contract.objects.order_by("reference"))[::share]

    def naive():
        for contract in subset:
            naive_recompute(contract)

    def clear_subset():
        KPIMonthStatus.objects.filter(contract__in=subset).delete()

    seconds = side_by_side(
        {"naive": Contender(naive, prepare=clear_subset)}, runs=runs, warm_up=False
    )["naive"]
    _check("kpis_kpimonthstatus", "The naive ORM loop")
    return KPIMonthStatus.objects.filter(contract__in=subset).count(), seconds
