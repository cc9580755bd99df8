from datetime import date

from django.core.management import call_command

from contracts.models import Contract
from kpis.models import KPI, KPIFigure, Mitigation


def load_demo() -> dict:
    """The demo, with one of its KPIs, figures and mitigations for the URL walk (made
    with factories should the demo have none)."""
    call_command("seed_demo", force=True, verbosity=0)
    contract = Contract.objects.get(reference="CSSC")
    kpi = KPI.objects.for_contract(contract).order_by("code").first() or _make_kpi(contract)
    figure = KPIFigure.objects.for_contract(contract).order_by(
        "-period", "kpi__code"
    ).first() or _make_figure(kpi)
    mitigation = Mitigation.objects.filter(kpi__contract=contract).order_by(
        "kpi__code", "start"
    ).first() or _make_mitigation(kpi)
    return {"contract": contract, "kpi": kpi, "figure": figure, "mitigation": mitigation}


def _make_kpi(contract):
    from tests.factories import KPIFactory, KPITargetFactory

    kpi = KPIFactory(
        contract=contract, service_area=contract.service_areas.first(), code="DEMO_KPI_01"
    )
    KPITargetFactory(kpi=kpi)
    return kpi


def _make_figure(kpi):
    from tests.factories import KPIFigureFactory

    return KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1))


def _make_mitigation(kpi):
    from tests.factories import MitigationFactory

    return MitigationFactory(kpi=kpi)
