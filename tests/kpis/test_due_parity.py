"""`rag.is_due` is the one rule for "is a KPI due in a month"; the KPI queryset
(`due_in`) and the recompute's SQL (which rows exist, which are removed) mirror it. On
random definitions, each mirror must pick exactly the (KPI, month) pairs the rule does."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.periods import Month, month_range
from kpis.choices import Frequency
from kpis.models import KPI, KPIMonthStatus
from kpis.rag import is_due
from kpis.recompute import recompute_statuses
from tests.factories import ContractFactory, KPIFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = Month(2017, 1), Month(2019, 6)
MONTHS = month_range(FIRST, LAST)


@st.composite
def definitions(draw):
    live = draw(st.sampled_from(MONTHS))
    retired = draw(st.none() | st.sampled_from(MONTHS))
    return {
        "live_from": live.first_day,
        "retired_from": retired.first_day if retired else None,
        "frequency": draw(st.sampled_from(Frequency)),
    }


def due_by_rule(kpi: KPI, month: Month) -> bool:
    return is_due(
        month=month,
        live_from=Month.from_date(kpi.live_from),
        retired_from=Month.from_date(kpi.retired_from) if kpi.retired_from else None,
        frequency=kpi.frequency,
    )


@contextmanager
def rolled_back():
    """Each example starts from an empty database (hypothesis reuses the test's)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored_pairs(contract) -> set:
    rows = KPIMonthStatus.objects.filter(contract=contract)
    return set(rows.values_list("kpi_id", "period"))


def pairs_by_rule(kpis) -> set:
    return {(k.pk, m.first_day) for k in kpis for m in MONTHS if due_by_rule(k, m)}


examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@examples
@given(st.lists(definitions(), min_size=1, max_size=5), st.sampled_from(MONTHS))
def test_due_in_agrees_with_is_due_on_random_definitions(defined, month):
    with rolled_back():
        contract = ContractFactory()
        kpis = [KPIFactory(contract=contract, **d) for d in defined]
        due = set(KPI.objects.for_contract(contract).due_in(month))
        assert due == {kpi for kpi in kpis if due_by_rule(kpi, month)}


@examples
@given(
    st.lists(definitions(), min_size=1, max_size=4),
    st.lists(definitions(), min_size=4, max_size=4),
)
def test_the_recompute_sql_agrees_with_is_due_on_random_definitions(defined, redefined):
    """Every month is closed, so every due month has a row (missing) and no other does;
    redefining the KPIs must then remove the rows no longer due and add the new ones."""
    with rolled_back():
        contract = ContractFactory(closed_through=LAST.first_day)
        kpis = [KPIFactory(contract=contract, **d) for d in defined]
        recompute_statuses(contract=contract)
        assert stored_pairs(contract) == pairs_by_rule(kpis)

        for kpi, changed in zip(kpis, redefined, strict=False):
            KPI.objects.filter(pk=kpi.pk).update(**changed)
        kpis = list(KPI.objects.for_contract(contract))
        recompute_statuses(contract=contract)
        assert stored_pairs(contract) == pairs_by_rule(kpis)


def test_a_quarterly_kpi_is_due_only_at_quarter_ends_in_every_mirror():
    contract = ContractFactory(closed_through=date(2018, 6, 1))
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1), frequency=Frequency.QUARTERLY)
    recompute_statuses(contract=contract)
    assert stored_pairs(contract) == {(kpi.pk, date(2018, 6, 1))}
    assert list(KPI.objects.due_in(Month(2018, 5))) == []
