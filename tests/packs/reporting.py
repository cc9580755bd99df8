"""Data for the report tests: a contract with KPIs over months, a board meeting whose
item is about it, and a report on that item."""

from datetime import date
from decimal import Decimal

from core.periods import Month, month_range
from kpis.recompute import recompute_statuses
from packs.models import Report
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MeetingFactory,
    MitigationFactory,
    ServiceAreaFactory,
    UserFactory,
)

CLOSED = Month(2018, 9)


def build_contract(*, kpis=4, months=12, closed=CLOSED, reference="CSSC"):
    """KPIs in two service areas with a figure most months (some green, some not), one
    (the last) in mitigation from April 2018; statuses recomputed."""
    contract = ContractFactory(reference=reference, closed_through=closed.first_day)
    areas = [ServiceAreaFactory(contract=contract, name=f"Area {i}", sort_order=i) for i in (1, 2)]
    first = closed.add(-(months - 1))
    for i in range(kpis):
        kpi = KPIFactory(
            contract=contract, service_area=areas[i % 2], live_from=first.first_day, code=f"K_{i}"
        )
        KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
        for n, month in enumerate(month_range(first, closed)):
            if (i + n) % 7 != 3:
                value = Decimal(80 + (i * n) % 20)
                KPIFigureFactory(kpi=kpi, period=month.first_day, value=value)
    MitigationFactory(
        kpi=contract.kpis.get(code=f"K_{kpis - 1}"),
        start=date(2018, 4, 1),
        reason="Agresso and Mosaic are not yet integrated.",
        agreed_by="Partnership Board",
        agreed_on=date(2018, 4, 26),
    )
    recompute_statuses(contract=contract)
    return contract


def item_about(contract, *, meeting=None, number=5, **fields):
    meeting = meeting or MeetingFactory(board=BoardFactory(), date=date(2018, 10, 25))
    return AgendaItemFactory(meeting=meeting, number=number, contract=contract, **fields)


def report_on(item, *, sections, start=Month(2018, 4), end=CLOSED, author=None, **fields):
    return Report.objects.create(
        agenda_item=item,
        kind=fields.pop("kind", "quarterly"),
        title=fields.pop("title", "Quarterly performance report"),
        officer=fields.pop("officer", "Chief Commercial Officer"),
        author=author or UserFactory(),
        sections=[str(s) for s in sections],
        range_start=start.first_day,
        range_end=end.first_day,
        **fields,
    )
