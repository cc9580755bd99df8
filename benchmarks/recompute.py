"""The recompute benchmark: `kpis.recompute.recompute_statuses` over ~100,000 figures,
beside the one-statement SQL floor and the per-row ORM loop it replaced. All three
must produce the same rows; the benchmark stops if they do not."""

import random

from django.db import connection

from contracts.models import Contract, Supplier
from core.periods import Month
from kpis.models import KPI, ContractPeriodSummary, KPIFigure, KPIMonthStatus, RecomputeRun
from kpis.recompute import recompute_statuses

from . import data, floor
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
then the same call again when nothing has changed (it compares and writes nothing).
`recompute_one_figure` is what approving one figure costs now: a figure of the first of
36 months of a 600-KPI contract changed, then its KPI recomputed from that month;
`recompute_contract` is what it cost before: the whole contract recomputed from that
month (both change the same rows). `sql_floor` is one hand-written
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
            "recompute_fresh": Contender(recompute_statuses, prepare=_empty_statuses),
            "recompute_nochange": Contender(recompute_statuses),
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
    medians |= _partial(runs=runs)
    section = Section(
        "recompute",
        "Recompute",
        DESCRIPTION.strip() + TIMING.format(runs=runs, naive_runs=naive_runs),
    )
    _fill(section, medians, rows, naive_rows, naive_seconds * rows / naive_rows)
    return section


def _fill(section: Section, medians: dict, rows: int, naive_rows: int, naive: float) -> None:
    full, noop, sql_floor, one, contract = (
        medians[name]
        for name in (
            "recompute_fresh",
            "recompute_nochange",
            "sql_floor",
            "recompute_one_figure",
            "recompute_contract",
        )
    )
    figures = KPIFigure.objects.filter(state="approved").count()
    section.measures = [
        Measure("approved_figures", figures, "rows", "input"),
        Measure("statuses", rows, "rows", "rows each run writes"),
        Measure("recompute_fresh", full, "s", "`recompute_statuses()`, empty table"),
        Measure("recompute_nochange", noop, "s", "the same call, nothing to change"),
        Measure("sql_floor", sql_floor, "s", "one `INSERT … SELECT`, same rows"),
        Measure(
            f"naive_orm (extrapolated from {naive_rows} rows)",
            naive,
            "s",
            "per-row ORM loop, scaled by rows",
        ),
    ]
    section.measures += [
        Measure("recompute_one_figure", one, "s", "one KPI of 600, from the first of 36 months"),
        Measure("recompute_contract", contract, "s", "all 600 KPIs, from the same month"),
    ]
    section.ratios = [
        Ratio("recompute_fresh", "sql_floor", full / sql_floor, "aim: at most 1.5x"),
        Ratio("naive_orm", "recompute_fresh", naive / full, "what set-based saves"),
        Ratio("recompute_nochange", "recompute_fresh", noop / full, "aim: at most 0.2"),
        Ratio("recompute_one_figure", "recompute_contract", one / contract, "aim: at most 0.05"),
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


BIG = f"{data.REFERENCE_PREFIX}-PARTIAL"
BIG_KPIS = 600


def _partial(*, runs: int) -> dict[str, float]:
    """Approving one figure of a 600-KPI contract: its KPI recomputed, against the whole
    contract recomputed. Each round first changes the figure (green, then red), so both
    write the same changed rows."""
    _remove_big()
    contract = data.contract_create(
        supplier=Supplier.objects.get_or_create(name=data.SUPPLIER)[0],
        reference=BIG,
        title="Partial recompute benchmark",
        kpis=BIG_KPIS,
        rng=random.Random(data.SEED),
        ahead=False,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    recompute_statuses(contract=contract)
    figure = (
        KPIFigure.objects.filter(kpi__contract=contract, state="approved", kpi__code="KPI_000")
        .order_by("period")
        .first()
    )
    month = Month.from_date(figure.period)
    values = iter(("99.00", "50.00") * (runs + 2) * 2)

    def change_figure():
        KPIFigure.objects.filter(pk=figure.pk).update(value=next(values))

    try:
        return side_by_side(
            {
                "recompute_one_figure": Contender(
                    lambda: recompute_statuses(
                        contract=contract, period=month, kpi_ids=[figure.kpi_id]
                    ),
                    prepare=change_figure,
                ),
                "recompute_contract": Contender(
                    lambda: recompute_statuses(contract=contract, period=month),
                    prepare=change_figure,
                ),
            },
            runs=runs,
        )
    finally:
        _remove_big()


def _remove_big() -> None:
    big = Contract.objects.filter(reference=BIG)
    RecomputeRun.objects.filter(contract__in=big).delete()
    KPIMonthStatus.objects.filter(contract__in=big).delete()
    ContractPeriodSummary.objects.filter(contract__in=big).delete()
    KPIFigure.objects.filter(kpi__contract__in=big).delete()
    KPI.objects.filter(contract__in=big).delete()  # service areas are protected
    big.delete()
