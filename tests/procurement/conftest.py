from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from core.periods import Month, month_range
from kpis.recompute import recompute_statuses
from tests.factories import (
    ContractDetailsFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MitigationFactory,
    PartyFactory,
)

PERIOD = (Month(2017, 10), Month(2018, 9))
D = Decimal


@pytest.fixture
def october_2018():
    """The demo's time: months closed through September 2018."""
    with time_machine.travel(datetime(2018, 10, 15, 12, tzinfo=UTC), tick=False):
        yield


def figures(kpi, values: dict[Month, str]) -> None:
    for month, value in values.items():
        KPIFigureFactory(kpi=kpi, period=month.first_day, value=D(value))


@pytest.fixture
def scored(contract):
    """CSSC, closed through September 2018, with two published KPIs and one that is not:
    CSC_KPI_04 green all period (red the month before it), CSC_KPI_07 with a red, a
    mitigated red, an amber and a missing month."""
    four = KPIFactory(
        contract=contract, code="CSC_KPI_04", published=True, live_from=date(2017, 4, 1)
    )
    seven = KPIFactory(
        contract=contract, code="CSC_KPI_07", published=True, live_from=date(2017, 4, 1)
    )
    other = KPIFactory(contract=contract, code="IMT_KPI_01", published=False)
    for kpi in (four, seven, other):
        KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    months = month_range(*PERIOD)
    figures(four, {Month(2017, 9): "80", **dict.fromkeys(months, "96")})
    values = {month: "96" for month in months if month != Month(2018, 3)}
    values.update({Month(2017, 10): "85", Month(2017, 11): "85", Month(2017, 12): "92"})
    figures(seven, values)
    figures(other, dict.fromkeys(months, "50"))
    MitigationFactory(kpi=seven, start=date(2017, 11, 1), end=date(2017, 11, 1))
    recompute_statuses(contract=contract)
    return contract


@pytest.fixture
def details(contract):
    """The contract's procurement details: worth £12m, bought by the council from its
    supplier, both with their identifiers."""
    PartyFactory(supplier=contract.supplier, legal_name="Example Services Limited")
    council = PartyFactory(
        legal_name="Example County Council", identifier_scheme="GB-LAE", identifier_id="EXC"
    )
    return ContractDetailsFactory(contract=contract, buyer=council)
