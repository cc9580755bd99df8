"""The KPIs and service areas the KPI pages and the monthly return show."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from contracts.models import ServiceArea
from tests.factories import KPIFactory, KPITargetFactory


@pytest.fixture
def imt(contract):
    return contract.service_areas.get(name="IMT")


@pytest.fixture
def kpi(contract, imt):
    kpi = KPIFactory(contract=contract, service_area=imt, code="IMT_KPI_01", name="Incidents fixed")
    KPITargetFactory(kpi=kpi, effective_from=date(2017, 4, 1), target=Decimal("95"), minimum=None)
    return kpi


@pytest.fixture
def areas(contract):
    return SimpleNamespace(
        imt=ServiceArea.objects.get(contract=contract, name="IMT"),
        csc=ServiceArea.objects.get(contract=contract, name="Customer Service Centre"),
    )


@pytest.fixture
def kpis(contract, areas):
    imt = KPIFactory(
        contract=contract, service_area=areas.imt, code="IMT_KPI_01", name="Incidents fixed"
    )
    KPITargetFactory(kpi=imt, target=Decimal("95"), minimum=Decimal("90"))
    csc = KPIFactory(
        contract=contract,
        service_area=areas.csc,
        code="CSC_KPI_04",
        name="Abandoned calls",
        polarity="lower",
    )
    KPITargetFactory(kpi=csc, target=Decimal("5"), minimum=Decimal("10"))
    return SimpleNamespace(imt=imt, csc=csc)
