"""The SQL of `kpis.recompute`, kept apart from the Python that runs it. Every statement
takes its values as parameters; the `{...}` fields are filled with SQL fragments the
recompute builds (the months, the KPIs, the vendor's spelling of IS DISTINCT FROM)."""

# `rag.is_due` for KPI k in month m (tests prove they agree).
DUE_SQL = """m.period >= k.live_from
        AND (k.retired_from IS NULL OR m.period < k.retired_from)
        AND (k.frequency = %(monthly)s OR m.is_quarter_end)"""

# What every (KPI, due month) in scope should hold, compared with what is stored. Both
# vendors' statements below are made of these. `{months}` is the months in scope:
# MONTHS_SQL on PostgreSQL, a VALUES list on SQLite.
JUDGE_CTES = """
WITH {months},
contract_kpis AS (
    SELECT k.id, k.polarity, k.live_from, k.retired_from, k.frequency
    FROM kpis_kpi k WHERE k.contract_id = %(contract)s {kpis}
),
candidates AS (
    SELECT k.id AS kpi_id, k.polarity, m.period, m.is_closed
    FROM contract_kpis k JOIN months m ON {due}
),
figures AS (
    SELECT f.id, f.kpi_id, f.period, f.value FROM kpis_kpifigure f
    WHERE f.state = %(approved)s AND f.kpi_id IN (SELECT id FROM contract_kpis)
),
versions AS (
    SELECT t.kpi_id, t.effective_from, t.target, t.minimum,
        LEAD(t.effective_from) OVER (PARTITION BY t.kpi_id ORDER BY t.effective_from) AS until
    FROM kpis_kpitarget t WHERE t.kpi_id IN (SELECT id FROM contract_kpis)
),
-- Overlapping mitigations: the earliest-starting one covers the month. Ranked among the
-- months some mitigation covers only, so that no sort runs over every month.
mitigations AS (
    SELECT mi.kpi_id, m.period, mi.id,
        ROW_NUMBER() OVER (PARTITION BY mi.kpi_id, m.period ORDER BY mi.start, mi.id) AS nth
    FROM kpis_mitigation mi
    JOIN months m ON mi.start <= m.period AND (mi."end" IS NULL OR mi."end" >= m.period)
    WHERE mi.kpi_id IN (SELECT id FROM contract_kpis)
),
judged AS (
    SELECT c.kpi_id, c.period, c.is_closed, f.id AS figure_id, f.value, v.target, v.minimum,
        mi.id AS mitigation_id,
        CASE
            WHEN f.id IS NULL THEN
                CASE WHEN c.is_closed THEN %(missing)s ELSE %(awaiting)s END
            WHEN v.target IS NULL THEN %(no_target)s
            WHEN (c.polarity = %(higher)s AND f.value >= v.target)
                OR (c.polarity = %(lower)s AND f.value <= v.target) THEN %(green)s
            WHEN v.minimum IS NOT NULL AND (
                (c.polarity = %(higher)s AND f.value >= v.minimum)
                OR (c.polarity = %(lower)s AND f.value <= v.minimum)) THEN %(amber)s
            ELSE %(red)s
        END AS underlying
    FROM candidates c
    LEFT JOIN figures f ON f.kpi_id = c.kpi_id AND f.period = c.period
    LEFT JOIN versions v ON v.kpi_id = c.kpi_id AND v.effective_from <= c.period
        AND (v.until IS NULL OR c.period < v.until)
    LEFT JOIN mitigations mi ON mi.kpi_id = c.kpi_id AND mi.period = c.period AND mi.nth = 1
),
statused AS (
    SELECT j.*,
        CASE WHEN j.mitigation_id IS NOT NULL AND j.underlying IN (%(amber)s, %(red)s, %(missing)s)
            THEN %(mitigated)s ELSE j.underlying END AS status
    FROM judged j
),
-- Stored and wanted rows side by side (the wanted ones: from `since`, in closed months or
-- with an approved figure), where they differ, persistent failure aside: a wanted row
-- missing or different, or a stored row that should no longer exist (the KPI is not due
-- that month any more, or a month after the last closed one lost its approved figure).
-- (FULL JOIN: SQLite 3.39 or later.)
stored AS (
    SELECT s.id, s.kpi_id, s.period, s.status, s.underlying_status, s.target, s.minimum,
        s.value, s.figure_id, s.mitigation_id, s.persistent_failure
    FROM kpis_kpimonthstatus s
    WHERE s.kpi_id IN (SELECT id FROM contract_kpis) AND s.period >= %(since)s {stored}
),
differences AS (
    SELECT COALESCE(w.kpi_id, s.kpi_id) AS kpi_id,
        CASE WHEN w.kpi_id IS NULL THEN s.id END AS stale_id
    FROM (SELECT * FROM statused
        WHERE period >= %(since)s AND (is_closed OR figure_id IS NOT NULL)) w
    FULL JOIN stored s ON s.kpi_id = w.kpi_id AND s.period = w.period
    WHERE w.kpi_id IS NULL OR s.id IS NULL
        OR (s.status, s.underlying_status, s.target, s.minimum, s.value, s.figure_id,
            s.mitigation_id)
        {distinct} (w.status, w.underlying, w.target, w.minimum, w.value, w.figure_id,
            w.mitigation_id)
),
-- A red month is a persistent failure when the KPI's two due months before it were red
-- too (the third red month of a run and every later one). Only for the KPIs with some
-- difference: a flag is a function of the KPI's statuses alone (the months not stored,
-- open and without a figure, are never red), so where every stored status stands, its
-- stored flags stand too, and a recompute that changes nothing sorts nothing.
flagged AS (
    SELECT s.*, s.status = %(red)s AND COALESCE(
        LAG(s.status, 1) OVER (PARTITION BY s.kpi_id ORDER BY s.period) = %(red)s
        AND LAG(s.status, 2) OVER (PARTITION BY s.kpi_id ORDER BY s.period) = %(red)s,
        false) AS persistent
    FROM statused s
    WHERE s.kpi_id IN (SELECT kpi_id FROM differences)
),
changed AS (
    SELECT f.* FROM flagged f
    LEFT JOIN stored s ON s.kpi_id = f.kpi_id AND s.period = f.period
    WHERE f.period >= %(since)s AND (f.is_closed OR f.figure_id IS NOT NULL)
        AND (s.id IS NULL OR (s.status, s.underlying_status, s.target, s.minimum, s.value,
            s.figure_id, s.mitigation_id, s.persistent_failure)
        {distinct} (f.status, f.underlying, f.target, f.minimum, f.value, f.figure_id,
            f.mitigation_id, f.persistent))
)"""

UPSERT_SQL = """
INSERT INTO kpis_kpimonthstatus (contract_id, kpi_id, period, status, underlying_status,
    target, minimum, value, figure_id, mitigation_id, persistent_failure)
SELECT %(contract)s, kpi_id, period, status, underlying, target, minimum, value, figure_id,
    mitigation_id, persistent
FROM changed
WHERE true  -- SQLite: tells the SELECT's end from the upsert clause
ON CONFLICT (kpi_id, period) DO UPDATE SET
    status = excluded.status, underlying_status = excluded.underlying_status,
    target = excluded.target, minimum = excluded.minimum, value = excluded.value,
    figure_id = excluded.figure_id, mitigation_id = excluded.mitigation_id,
    persistent_failure = excluded.persistent_failure
RETURNING period"""

DELETE_STALE_SQL = """
DELETE FROM kpis_kpimonthstatus
WHERE id IN (SELECT stale_id FROM differences WHERE stale_id IS NOT NULL)
RETURNING period"""


# PostgreSQL: one statement; the stale rows are deleted and the changed ones written from
# one reading of the tables (they are different rows).
ONE_STATEMENT_SQL = """{ctes},
deleted AS ({delete}),
written AS ({upsert})
SELECT period FROM deleted UNION ALL SELECT period FROM written"""


# The months in scope: from the first month any of the KPIs is live to the later of the
# last closed month and the last month with an approved figure of theirs. Written in SQL:
# building it through the ORM cost more than running it.
SCOPE_SQL = """
SELECT c.closed_through,
    (SELECT MIN(k.live_from) FROM kpis_kpi k WHERE k.contract_id = c.id {kpis}) AS first_month,
    -- Each KPI's last approved figure, read backwards along the (KPI, period) index.
    (SELECT MAX((SELECT f.period FROM kpis_kpifigure f
            WHERE f.kpi_id = k.id AND f.state = %(approved)s
            ORDER BY f.period DESC LIMIT 1))
        FROM kpis_kpi k WHERE k.contract_id = c.id {kpis}) AS last_figure
FROM contracts_contract c WHERE c.id = %(contract)s
"""


# PostgreSQL: the months in scope worked out inside the judging statement, whose snapshot
# is taken after the lock (so it reads the contract's last closed month afresh), saving
# the scope's round trip. As `Contract.is_closed` and `Month.is_quarter_end` say (the
# quarter-end months are a parameter); SQLite runs SCOPE_SQL first and sends the months.
MONTHS_SQL = """scope AS ({scope}),
months (period, is_closed, is_quarter_end) AS (
    SELECT CAST(g AS date),
        COALESCE(g <= date_trunc('month', CAST(s.closed_through AS timestamp)), false),
        EXTRACT(MONTH FROM g) = ANY(%(quarter_ends)s)
    FROM scope s, generate_series(
        date_trunc('month', CAST(s.first_month AS timestamp)),
        date_trunc('month', CAST(GREATEST(s.closed_through, s.last_figure) AS timestamp)),
        interval '1 month') AS g
)"""


# Each month's counts of the contractual KPIs' statuses beside the month's stored summary,
# in one round trip: a month with counts and no summary needs one, a summary without
# counts goes. On PostgreSQL `{run}` is RUN_FINISH_SQL, a writing CTE that records the
# run's outcome in the same round trip. The percentage is read as text, which SQLite's
# stored number and PostgreSQL's both turn into the same Decimal.
SUMMARIES_SQL = """
WITH {run}counts AS (
    SELECT s.period, {counts},
        SUM(CASE WHEN s.persistent_failure THEN 1 ELSE 0 END) AS persistent_failures
    FROM kpis_kpimonthstatus s
    WHERE s.contract_id = %(contract)s AND {periods}
        -- NOT IN: hashed once, whatever the planner thinks the contract's rows are (a
        -- join planned on stale statistics looked up the KPI of each status).
        AND s.kpi_id NOT IN (
            SELECT k.id FROM kpis_kpi k
            WHERE k.contract_id = %(contract)s AND NOT k.contractual)
    GROUP BY s.period
),
stored AS (
    SELECT s.id, s.period, s.{stored}, CAST(s.achieved_percent AS TEXT) AS achieved_percent
    FROM kpis_contractperiodsummary s
    WHERE s.contract_id = %(contract)s AND {periods}
)
SELECT COALESCE(c.period, s.period), c.{counted}, c.persistent_failures,
    s.id, s.{stored}, s.achieved_percent
FROM counts c FULL JOIN stored s ON s.period = c.period
"""


# The run's record, before the work: on PostgreSQL, when the run is its own transaction,
# `{settings}` makes this statement's commit not wait for the disk (`kpis.recompute`
# says why that is safe).
RUN_START_SQL = """
INSERT INTO kpis_recomputerun (contract_id, period, kpi_count, started_at, finished_at,
    rows_changed, outcome, error)
SELECT %(contract)s, %(period)s, %(kpi_count)s, %(started_at)s, NULL, 0, %(outcome)s, ''
{settings}
RETURNING id"""

RUN_START_NO_WAIT = "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS settings"

# The run's outcome, as a writing CTE of the summaries' statement (PostgreSQL).
RUN_FINISH_SQL = """run AS (
    UPDATE kpis_recomputerun SET rows_changed = %(rows_changed)s, outcome = %(outcome)s,
        finished_at = %(finished_at)s
    WHERE id = %(run)s
),
"""
