"""The floor for the recompute: one hand-written INSERT … SELECT producing the same
KPIMonthStatus rows for every contract at once, into a scratch table shaped like the
real one (same columns, indexes and foreign keys), with no upsert and no per-contract
round trips. Nothing the service does can be cheaper than writing these rows."""

from django.db import connection, transaction

SCRATCH = "bench_floor_status"

CREATE_SCRATCH_SQL = f"""
DROP TABLE IF EXISTS {SCRATCH};
CREATE TABLE {SCRATCH} (LIKE kpis_kpimonthstatus INCLUDING ALL);
ALTER TABLE {SCRATCH}
    ADD FOREIGN KEY (contract_id) REFERENCES contracts_contract (id)
        DEFERRABLE INITIALLY DEFERRED,
    ADD FOREIGN KEY (kpi_id) REFERENCES kpis_kpi (id) DEFERRABLE INITIALLY DEFERRED,
    ADD FOREIGN KEY (figure_id) REFERENCES kpis_kpifigure (id) DEFERRABLE INITIALLY DEFERRED,
    ADD FOREIGN KEY (mitigation_id) REFERENCES kpis_mitigation (id)
        DEFERRABLE INITIALLY DEFERRED;
"""

# Months in scope per contract: from the first month any KPI is live to the later of the
# last closed month and the last month with an approved figure (as the service does).
FLOOR_SQL = f"""
INSERT INTO {SCRATCH} (contract_id, kpi_id, period, status, underlying_status,
    target, minimum, value, figure_id, mitigation_id, persistent_failure)
WITH scope AS (
    SELECT c.id AS contract_id, c.closed_through,
        (SELECT min(k.live_from) FROM kpis_kpi k WHERE k.contract_id = c.id) AS first_month,
        GREATEST(c.closed_through, (
            SELECT max(f.period) FROM kpis_kpifigure f JOIN kpis_kpi k ON k.id = f.kpi_id
            WHERE k.contract_id = c.id AND f.state = 'approved')) AS last_month
    FROM contracts_contract c
),
months AS (
    SELECT s.contract_id, m::date AS period, COALESCE(m <= s.closed_through, false) AS is_closed,
        EXTRACT(MONTH FROM m) IN (3, 6, 9, 12) AS is_quarter_end
    FROM scope s, generate_series(s.first_month, s.last_month, interval '1 month') AS m
),
versions AS (
    SELECT t.kpi_id, t.effective_from, t.target, t.minimum,
        LEAD(t.effective_from) OVER (PARTITION BY t.kpi_id ORDER BY t.effective_from) AS until
    FROM kpis_kpitarget t
),
candidates AS (
    SELECT k.contract_id, k.id AS kpi_id, k.polarity, m.period, m.is_closed
    FROM kpis_kpi k
    JOIN months m ON m.contract_id = k.contract_id AND m.period >= k.live_from
        AND (k.retired_from IS NULL OR m.period < k.retired_from)
    WHERE k.frequency = 'monthly' OR m.is_quarter_end
),
judged AS (
    SELECT c.contract_id, c.kpi_id, c.period, c.is_closed, f.id AS figure_id, f.value,
        v.target, v.minimum, mi.id AS mitigation_id,
        CASE
            WHEN f.id IS NULL THEN CASE WHEN c.is_closed THEN 'missing' ELSE 'awaiting' END
            WHEN v.target IS NULL THEN 'no_target'
            WHEN (c.polarity = 'higher' AND f.value >= v.target)
                OR (c.polarity = 'lower' AND f.value <= v.target) THEN 'green'
            WHEN v.minimum IS NOT NULL AND (
                (c.polarity = 'higher' AND f.value >= v.minimum)
                OR (c.polarity = 'lower' AND f.value <= v.minimum)) THEN 'amber'
            ELSE 'red'
        END AS underlying
    FROM candidates c
    LEFT JOIN kpis_kpifigure f
        ON f.kpi_id = c.kpi_id AND f.period = c.period AND f.state = 'approved'
    LEFT JOIN versions v ON v.kpi_id = c.kpi_id AND v.effective_from <= c.period
        AND (v.until IS NULL OR c.period < v.until)
    LEFT JOIN kpis_mitigation mi ON mi.kpi_id = c.kpi_id AND mi.start <= c.period
        AND (mi."end" IS NULL OR mi."end" >= c.period)
),
statused AS (
    SELECT j.*,
        CASE WHEN j.mitigation_id IS NOT NULL AND j.underlying IN ('amber', 'red', 'missing')
            THEN 'mitigated' ELSE j.underlying END AS status
    FROM judged j
),
runs AS (
    SELECT s.*,
        ROW_NUMBER() OVER (PARTITION BY s.kpi_id ORDER BY s.period)
        - ROW_NUMBER() OVER (PARTITION BY s.kpi_id, s.status = 'red' ORDER BY s.period) AS run
    FROM statused s
),
flagged AS (
    SELECT r.*,
        r.status = 'red' AND ROW_NUMBER() OVER (
            PARTITION BY r.kpi_id, r.status = 'red', r.run ORDER BY r.period) >= 3 AS persistent
    FROM runs r
)
SELECT contract_id, kpi_id, period, status, underlying, target, minimum, value, figure_id,
    mitigation_id, persistent
FROM flagged
WHERE is_closed OR figure_id IS NOT NULL
"""


def create_scratch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(CREATE_SCRATCH_SQL)


def empty_scratch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {SCRATCH}")


def run_floor() -> int:
    """The one statement, in its own transaction: returns the rows written.

    JIT is off for it: its row estimate (1,000 months per contract from
    generate_series) lifts its cost over `jit_above_cost`, and compiling it would take
    seconds; the service's per-contract statements stay under that threshold."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(FLOOR_SQL)
        return cursor.rowcount


def drop_scratch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
