"""The demo contract's KPIs, target versions, approved figures and mitigations
(described in `kpi_catalogue`), then their statuses.

Only what is missing is created, so running it again changes nothing. Rows are written
with simple_history's bulk helper so each has its history row, dated when it would
have been recorded: figures entered by `officer`, approved by `manager` on the 8th
working day after the month.
"""

import random
from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from contracts.models import Contract
from core.periods import Month, month_range, working_days_after
from kpis.choices import FigureState
from kpis.models import KPI, KPIFigure, KPITarget, Mitigation
from kpis.rag import is_due
from kpis.recompute import recompute_statuses

from .kpi_catalogue import (
    DEMO_KPIS,
    FIRST_MONTH,
    LAST_MONTH,
    MITIGATED_KPIS,
    MITIGATION_AGREED_ON,
    MITIGATION_REASON,
    MITIGATION_START,
    DemoKPI,
)

LONDON = ZoneInfo("Europe/London")
HISTORY_REASON = "Loaded with the demo"
FIGURE_SOURCE = "Monthly return form"


def seed_kpis(contract: Contract) -> None:
    """Create whatever of the demo's KPI data is missing, then recompute if anything was."""
    User = get_user_model()
    officer = User.objects.get(username="officer")
    manager = User.objects.get(username="manager")
    kpis, created = _seed_definitions(contract, manager)
    created += _seed_targets(kpis, manager)
    created += _seed_figures(kpis, officer, manager)
    created += _seed_mitigations(kpis, manager)
    if created:
        recompute_statuses(contract=contract)


def _after_month(month: Month, working_days: int, at: time) -> datetime:
    """The `working_days`-th working day after `month` ends, at `at`, London time."""
    return datetime.combine(working_days_after(month.last_day, working_days), at, LONDON)


def _at(hour: int, minute: int) -> time:
    return time(hour + minute // 60, minute % 60)


def _seed_definitions(contract: Contract, manager) -> tuple[dict[str, KPI], int]:
    areas = {area.code: area for area in contract.service_areas.all()}
    existing = {kpi.code: kpi for kpi in contract.kpis.all()}
    new = []
    for demo in DEMO_KPIS:
        if demo.code in existing:
            continue
        live = Month.parse(demo.live_from)
        kpi = KPI(
            contract=contract,
            service_area=areas[demo.area],
            code=demo.code,
            name=demo.name,
            description=demo.description,
            unit=demo.unit,
            polarity=demo.polarity,
            frequency=demo.frequency,
            contractual=demo.contractual,
            decimal_places=demo.decimal_places,
            live_from=live.first_day,
        )
        kpi._history_date = _after_month(live.add(-2), 10, time(10))
        new.append(kpi)
    bulk_create_with_history(new, KPI, default_user=manager, default_change_reason=HISTORY_REASON)
    existing.update((kpi.code, kpi) for kpi in new)
    return existing, len(new)


def _seed_targets(kpis: dict[str, KPI], manager) -> int:
    existing = set(
        KPITarget.objects.filter(kpi__in=kpis.values()).values_list("kpi_id", "effective_from")
    )
    new = []
    for demo in DEMO_KPIS:
        kpi = kpis[demo.code]
        for effective, target, minimum in demo.targets:
            month = Month.parse(effective)
            if (kpi.pk, month.first_day) in existing:
                continue
            version = KPITarget(
                kpi=kpi,
                effective_from=month.first_day,
                target=_decimal(target),
                minimum=_decimal(minimum),
                created_by=manager,
            )
            version._history_date = _after_month(month.add(-2), 10, time(10, 30))
            new.append(version)
    bulk_create_with_history(
        new, KPITarget, default_user=manager, default_change_reason=HISTORY_REASON
    )
    return len(new)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def demo_value(demo: DemoKPI, month: Month) -> tuple[Decimal | None, str]:
    """The month's value (None: no figure) and commentary: the story's, or an ordinary
    value from the KPI's usual range, the same on every run."""
    if str(month) in demo.months:
        value, commentary = demo.months[str(month)]
        return _decimal(value), commentary
    low, high = (Decimal(bound) for bound in demo.usual)
    fraction = Decimal(str(random.Random(f"{demo.code} {month}").random()))
    step = Decimal(1).scaleb(-demo.decimal_places)
    return (low + (high - low) * fraction).quantize(step), ""


def _due_months(demo: DemoKPI) -> list[Month]:
    live = Month.parse(demo.live_from)
    return [
        month
        for month in month_range(max(live, Month.parse(FIRST_MONTH)), Month.parse(LAST_MONTH))
        if is_due(month=month, live_from=live, retired_from=None, frequency=demo.frequency)
    ]


def _seed_figures(kpis: dict[str, KPI], officer, manager) -> int:
    existing = set(KPIFigure.objects.filter(kpi__in=kpis.values()).values_list("kpi_id", "period"))
    new = []
    for index, demo in enumerate(DEMO_KPIS):
        kpi = kpis[demo.code]
        for month in _due_months(demo):
            value, commentary = demo_value(demo, month)
            if value is None or (kpi.pk, month.first_day) in existing:
                continue
            figure = KPIFigure(
                kpi=kpi,
                period=month.first_day,
                value=value,
                commentary=commentary,
                state=FigureState.APPROVED,
                entered_by=officer,
                entered_at=_after_month(month, 4, _at(9, 30 + 3 * index)),
                submitted_by=officer,
                submitted_at=_after_month(month, 5, _at(15, index)),
                approved_by=manager,
                approved_at=_after_month(month, 8, _at(11, index)),
                source=FIGURE_SOURCE,
                version=2,  # saved and submitted, then approved
            )
            figure._history_date = figure.approved_at
            new.append(figure)
    bulk_create_with_history(
        new, KPIFigure, default_user=manager, default_change_reason=HISTORY_REASON
    )
    return len(new)


def _seed_mitigations(kpis: dict[str, KPI], manager) -> int:
    start = Month.parse(MITIGATION_START).first_day
    existing = set(
        Mitigation.objects.filter(kpi__in=kpis.values(), start=start).values_list(
            "kpi_id", flat=True
        )
    )
    new = []
    for code in MITIGATED_KPIS:
        if kpis[code].pk in existing:
            continue
        mitigation = Mitigation(
            kpi=kpis[code],
            start=start,
            end=None,
            reason=MITIGATION_REASON,
            agreed_by="Partnership Board",
            agreed_on=MITIGATION_AGREED_ON,
            recorded_by=manager,
        )
        mitigation._history_date = datetime.combine(MITIGATION_AGREED_ON, time(16), LONDON)
        new.append(mitigation)
    bulk_create_with_history(
        new, Mitigation, default_user=manager, default_change_reason=HISTORY_REASON
    )
    return len(new)
