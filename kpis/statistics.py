"""Planner statistics after a bulk load.

PostgreSQL plans each statement from the statistics ANALYZE gathers; autovacuum
refreshes them, but only a while after a load. A recompute planned in between, over
tables whose statistics still say "nearly empty", can pick a plan thousands of times
slower (one took 9 minutes instead of 0.14 s). So every bulk load (the importer behind
`import_returns` and uploads, `seed_demo`, the benchmark's generator) ends by analysing
the tables whose statistics it made stale. SQLite plans without them: nothing to do.
"""

from django.db import connection

from .models import (
    KPI,
    ContractPeriodSummary,
    KPIFigure,
    KPIMonthStatus,
    KPITarget,
    Mitigation,
)

# What the recompute and the pages join: the figures (and their history, which the KPI
# page reads), the definitions, and the derived rows.
PLANNER_MODELS = (
    KPI,
    KPITarget,
    Mitigation,
    KPIFigure,
    KPIFigure.history.model,
    KPIMonthStatus,
    ContractPeriodSummary,
)
# Statistics are stale once a load adds more than this share of the rows they estimate
# (autovacuum's default analyse threshold).
STALE_SHARE = 0.1


def statistics_refresh(*, rows_written: int) -> list[str]:
    """ANALYZE the tables whose statistics a load of `rows_written` rows made stale:
    never gathered, or estimating fewer than ten times that many rows. Returns the
    tables analysed. Runs in the caller's transaction (ANALYZE may; its new statistics
    are in place when that commits)."""
    if connection.vendor != "postgresql" or rows_written <= 0:
        return []
    tables = [model._meta.db_table for model in PLANNER_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            [tables],
        )
        estimates = dict(cursor.fetchall())
        stale = [
            table
            for table in tables
            if estimates.get(table, -1) < 0 or rows_written > STALE_SHARE * estimates[table]
        ]
        for table in stale:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return stale
