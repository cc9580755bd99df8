"""Two KPIs of the contract a file is imported into."""

from decimal import Decimal

import pytest

from tests.factories import KPIFactory, KPITargetFactory

D = Decimal


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(contract=contract, code="CSC_KPI_04", unit="percent")
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    return kpi


@pytest.fixture
def calls(contract):
    return KPIFactory(contract=contract, code="CSC_KPI_07", unit="number")
