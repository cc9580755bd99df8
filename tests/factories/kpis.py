from datetime import date
from decimal import Decimal

import factory

from kpis.models import KPI, KPIFigure, KPITarget, Mitigation

from .contracts import ContractFactory, ServiceAreaFactory


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    contract = factory.SubFactory(ContractFactory)
    service_area = factory.SubFactory(
        ServiceAreaFactory, contract=factory.SelfAttribute("..contract")
    )
    code = factory.Sequence(lambda n: f"KPI_{n:03d}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "percent"
    polarity = "higher"
    frequency = "monthly"
    live_from = date(2017, 4, 1)


class KPITargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPITarget

    kpi = factory.SubFactory(KPIFactory)
    effective_from = factory.SelfAttribute("kpi.live_from")
    target = Decimal("95")
    minimum = Decimal("90")


class KPIFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIFigure

    kpi = factory.SubFactory(KPIFactory)
    period = date(2018, 4, 1)
    value = Decimal("96")
    state = "approved"


class MitigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mitigation

    kpi = factory.SubFactory(KPIFactory)
    start = date(2018, 4, 1)
    end = None
    reason = "Agresso and Mosaic are not yet integrated."
    agreed_by = "Partnership Board"
    agreed_on = date(2018, 4, 20)


def area_kpi(contract, area: str, **fields) -> KPI:
    """A KPI of `contract` in its service area named `area` ("IMT", "Customer Service
    Centre": the areas a contract from the `contract` fixture has)."""
    return KPIFactory(
        contract=contract, service_area=contract.service_areas.get(name=area), **fields
    )
