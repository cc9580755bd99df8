"""Recomputing only the KPIs a change touched, from the earliest month it touched, gives
exactly what rag.py says and what a full rebuild stores, summaries included; a full
recompute afterwards finds nothing to change; and a recompute with nothing to change
writes nothing."""

import random
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.periods import Month
from kpis.choices import Status
from kpis.models import ContractPeriodSummary, KPIFigure, KPIMonthStatus, KPITarget, RecomputeRun
from kpis.recompute import recompute_statuses
from tests.factories import (
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MitigationFactory,
)

from .test_recompute import expected_rows, random_contract

pytestmark = pytest.mark.django_db
D = Decimal
FIRST = Month(2017, 1)


@contextmanager
def rolled_back():
    """Each example starts from an empty database (hypothesis reuses the test's)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored(contract):
    statuses = {
        (row.kpi.code, str(row.month)): (row.status, row.underlying_status, row.persistent_failure)
        for row in KPIMonthStatus.objects.filter(contract=contract).select_related("kpi")
    }
    return statuses


def everything(contract):
    """Every stored column of the statuses and summaries, ids left out."""
    statuses = KPIMonthStatus.objects.filter(contract=contract).order_by("kpi", "period")
    summaries = ContractPeriodSummary.objects.filter(contract=contract).order_by("period")
    return (
        [{k: v for k, v in row.items() if k != "id"} for row in statuses.values()],
        [{k: v for k, v in row.items() if k != "id"} for row in summaries.values()],
    )


def change_figure(contract, pick, offset, action, value):
    """Change one figure as the return, the review queue or an import would; returns the
    (KPI, month) touched, or None when nothing changed."""
    kpis = list(contract.kpis.order_by("pk"))
    kpi = kpis[pick % len(kpis)]
    month = FIRST.add(offset)
    if not kpi.is_due(month):
        return None
    figure = KPIFigure.objects.filter(kpi=kpi, period=month.first_day).first()
    if action == "approve":
        if figure is None:
            KPIFigureFactory(kpi=kpi, period=month.first_day, value=D(value), state="approved")
        else:
            KPIFigure.objects.filter(pk=figure.pk).update(value=D(value), state="approved")
    elif figure is None:
        return None
    elif action == "return":
        KPIFigure.objects.filter(pk=figure.pk).update(state="draft")
    else:
        figure.delete()
    return kpi.pk, month


def change_rules(contract, pick, offset, action, value):
    """Change what the statuses rest on besides the figures, as the KPI's pages or the
    month close would: a new target version (no figure changes), a mitigation, or the
    closed month moved forward. Returns (the KPIs touched, None: every KPI; the month),
    or None when nothing changed."""
    kpis = list(contract.kpis.order_by("pk"))
    kpi = kpis[pick % len(kpis)]
    month = FIRST.add(offset)
    if action == "target":
        if KPITarget.objects.filter(kpi=kpi, effective_from=month.first_day).exists():
            return None
        KPITargetFactory(kpi=kpi, effective_from=month.first_day, target=D(value), minimum=None)
        return {kpi.pk}, month
    if action == "mitigate":
        MitigationFactory(kpi=kpi, start=month.first_day, end=month.add(2).first_day)
        return {kpi.pk}, month
    if month <= contract.closed_month:
        return None
    first_new = contract.closed_month.next()
    contract.closed_through = month.first_day
    contract.save(update_fields=["closed_through"])
    return None, first_new


def change(contract, pick, offset, action, value):
    if action in ("target", "mitigate", "close"):
        return change_rules(contract, pick, offset, action, value)
    touched = change_figure(contract, pick, offset, action, value)
    return None if touched is None else ({touched[0]}, touched[1])


changes = st.lists(
    st.tuples(
        st.integers(0, 50),
        st.integers(0, 26),
        st.sampled_from(["approve", "approve", "return", "delete", "target", "mitigate", "close"]),
        st.integers(-5, 25),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10_000), changes)
def test_a_partial_recompute_agrees_with_rag_and_with_a_full_rebuild(seed, rule_changes):
    with rolled_back():
        contract = random_contract(random.Random(seed))
        recompute_statuses(contract=contract)
        touched = [change(contract, *each) for each in rule_changes]
        touched = [t for t in touched if t is not None]
        since = min((month for _, month in touched), default=None)
        every = any(kpis is None for kpis, _ in touched)
        kpi_ids = None if every else {k for kpis, _ in touched for k in kpis}
        recompute_statuses(contract=contract, period=since, kpi_ids=kpi_ids)
        assert stored(contract) == expected_rows(contract)
        partial = everything(contract)
        assert recompute_statuses(contract=contract)[0].rows_changed == 0
        assert everything(contract) == partial
        KPIMonthStatus.objects.filter(contract=contract).delete()
        ContractPeriodSummary.objects.filter(contract=contract).delete()
        recompute_statuses(contract=contract)
        assert partial == everything(contract)


def test_a_month_turning_green_clears_the_flags_after_it_whose_status_stays_red():
    contract = ContractFactory(closed_through=date(2018, 6, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    for month in range(1, 6):
        KPIFigureFactory(kpi=kpi, period=date(2018, month, 1), value=D(50), state="approved")
    recompute_statuses(contract=contract)
    KPIFigure.objects.filter(kpi=kpi, period=date(2018, 2, 1)).update(value=D(99))
    recompute_statuses(contract=contract, period=Month(2018, 2), kpi_ids=[kpi.pk])
    rows = KPIMonthStatus.objects.filter(kpi=kpi).order_by("period")
    assert [(r.status, r.persistent_failure) for r in rows] == [
        (Status.RED, False),
        (Status.GREEN, False),
        (Status.RED, False),  # was the third red month in a row
        (Status.RED, False),
        (Status.RED, True),
        (Status.MISSING, False),
    ]


def test_an_open_month_losing_its_figure_breaks_the_run_of_red_after_it():
    """The only row that changes is one that goes; the month after keeps its status
    and loses its flag."""
    contract = ContractFactory(closed_through=date(2018, 3, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    for month in range(1, 6):
        KPIFigureFactory(kpi=kpi, period=date(2018, month, 1), value=D(50), state="approved")
    recompute_statuses(contract=contract)
    KPIFigure.objects.filter(kpi=kpi, period=date(2018, 4, 1)).update(state="draft")
    recompute_statuses(contract=contract, period=Month(2018, 4), kpi_ids=[kpi.pk])
    rows = KPIMonthStatus.objects.filter(kpi=kpi).order_by("period")
    assert [(str(r.month), r.status, r.persistent_failure) for r in rows] == [
        ("2018-01", Status.RED, False),
        ("2018-02", Status.RED, False),
        ("2018-03", Status.RED, True),
        ("2018-05", Status.RED, False),  # April, open, is awaiting its figure again
    ]


def test_a_full_recompute_repairs_statuses_and_summaries_that_were_altered():
    contract = random_contract(random.Random(5))
    recompute_statuses(contract=contract)
    before = everything(contract)
    row = KPIMonthStatus.objects.filter(contract=contract).order_by("pk").first()
    KPIMonthStatus.objects.filter(pk=row.pk).update(status=Status.NO_TARGET)
    summary = ContractPeriodSummary.objects.filter(contract=contract).order_by("pk").first()
    ContractPeriodSummary.objects.filter(pk=summary.pk).update(green=summary.green + 1)
    ContractPeriodSummary.objects.create(contract=contract, period=date(2030, 1, 1))
    recompute_statuses(contract=contract)
    assert everything(contract) == before


def writes(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [
        q["sql"]
        for q in captured
        if q["sql"].lstrip().upper().startswith(verbs) and "kpis_recomputerun" not in q["sql"]
    ]


def test_a_recompute_with_nothing_to_change_writes_no_status_or_summary():
    contract = random_contract(random.Random(7))
    recompute_statuses(contract=contract)
    before = everything(contract)
    run = []
    statements = writes(lambda: run.extend(recompute_statuses(contract=contract)))
    assert run[0].rows_changed == 0
    assert everything(contract) == before
    # The two set-based statements run, and change no row; no summary is written.
    assert not [s for s in statements if "contractperiodsummary" in s]


def test_a_partial_recompute_records_how_many_kpis_it_covered():
    contract = random_contract(random.Random(3))
    kpi = contract.kpis.order_by("pk").first()
    run = recompute_statuses(contract=contract, period=Month(2018, 5), kpi_ids=[kpi.pk])[0]
    full = recompute_statuses(contract=contract)[0]
    assert (run.kpi_count, run.period.isoformat()) == (1, "2018-05-01")
    assert full.kpi_count is None


def test_approving_one_figure_recomputes_its_kpi_in_a_fixed_number_of_statements():
    """The run's record, its outcome and the statuses and summaries' reads: on
    PostgreSQL the months in scope are worked out, and the outcome written, by
    statements that do other work too."""
    contract = random_contract(random.Random(5))
    recompute_statuses(contract=contract)
    figure = KPIFigure.objects.filter(kpi__contract=contract, state="approved").first()
    KPIFigure.objects.filter(pk=figure.pk).update(value=figure.value + 1000)
    with CaptureQueriesContext(connection) as captured:
        (run,) = recompute_statuses(
            contract=contract, period=Month.from_date(figure.period), kpi_ids=[figure.kpi_id]
        )
    # The test's own transaction makes the recompute's a savepoint; summaries whose
    # counts change are written too.
    statements = [
        q["sql"]
        for q in captured
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        and not (q["sql"].startswith("UPDATE") and "contractperiodsummary" in q["sql"])
    ]
    assert len(statements) == (4 if connection.vendor == "postgresql" else 6)
    stored = RecomputeRun.objects.get(pk=run.pk)
    assert (stored.outcome, stored.rows_changed) == ("succeeded", run.rows_changed)
    assert stored.rows_changed >= 1
    assert stored.started_at <= stored.finished_at == run.finished_at
    assert KPIMonthStatus.objects.get(kpi=figure.kpi, period=figure.period).value == (
        figure.value + 1000
    )
