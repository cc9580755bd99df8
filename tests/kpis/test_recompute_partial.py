"""Recomputing only the KPIs a change touched, from the earliest month it touched, gives
exactly what rag.py says and what a full rebuild stores, summaries included; and a
recompute with nothing to change writes nothing."""

import random
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.periods import Month
from kpis.models import ContractPeriodSummary, KPIFigure, KPIMonthStatus
from kpis.recompute import recompute_statuses
from tests.factories import KPIFigureFactory

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


changes = st.lists(
    st.tuples(
        st.integers(0, 50),
        st.integers(0, 26),
        st.sampled_from(["approve", "approve", "return", "delete"]),
        st.integers(-5, 25),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10_000), changes)
def test_a_partial_recompute_agrees_with_rag_and_with_a_full_rebuild(seed, figure_changes):
    with rolled_back():
        contract = random_contract(random.Random(seed))
        recompute_statuses(contract=contract)
        touched = [change_figure(contract, *change) for change in figure_changes]
        touched = [t for t in touched if t is not None]
        since = min((month for _, month in touched), default=None)
        recompute_statuses(
            contract=contract, period=since, kpi_ids={kpi_id for kpi_id, _ in touched}
        )
        assert stored(contract) == expected_rows(contract)
        partial = everything(contract)
        KPIMonthStatus.objects.filter(contract=contract).delete()
        ContractPeriodSummary.objects.filter(contract=contract).delete()
        recompute_statuses(contract=contract)
        assert partial == everything(contract)


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
