"""The six-monthly overview: this half-year against the one before it.

Per KPI, how many months had each status in each half; per service area, % achieved in
each half (contractual KPIs, as the summaries count them); the IMT projects that went
live in the half-year and those whose go-live moved later."""

from dataclasses import dataclass, field

from django.db.models import Count, F

from core.periods import Month
from dashboards.ranges import MonthRange, RangeKind
from imt_projects.choices import Stage
from imt_projects.models import GoLiveRevision, ProjectUpdate
from kpis.choices import Status
from kpis.models import KPIMonthStatus
from kpis.rag import achieved_percent

from .facts import summary_fact

HALF = 6
COUNTED = [Status.GREEN, Status.AMBER, Status.RED, Status.MITIGATED, Status.MISSING]
MEASURED = (Status.GREEN, Status.AMBER, Status.RED)
DELIVERED = (Stage.GO_LIVE, Stage.CLOSED)


@dataclass
class Comparison:
    this_half: MonthRange
    previous_half: MonthRange
    kpis: list = field(default_factory=list)  # {"kpi", "this", "previous"}: status -> count
    areas: list = field(default_factory=list)  # {"name", "this", "previous"}: % achieved
    delivered: list = field(default_factory=list)  # IMTProject
    slipped: list = field(default_factory=list)  # GoLiveRevision


def halves(end: Month) -> tuple[MonthRange, MonthRange]:
    this = MonthRange(RangeKind.CUSTOM, end.add(1 - HALF), end)
    previous = MonthRange(RangeKind.CUSTOM, end.add(1 - 2 * HALF), end.add(-HALF))
    return this, previous


def _counts(contract, half: MonthRange):
    """(kpi, status) -> months, over the half; the KPI rows read once."""
    rows = (
        KPIMonthStatus.objects.filter(
            contract=contract,
            period__gte=half.start.first_day,
            period__lte=half.end.first_day,
            status__in=COUNTED,
        )
        .values("kpi_id", "status")
        .annotate(months=Count("id"))
    )
    return {(row["kpi_id"], row["status"]): row["months"] for row in rows}


def _area_achieved(kpis, counts) -> dict:
    """Service area name -> % achieved of its contractual KPIs."""
    totals = {}
    for kpi in kpis:
        if not kpi.contractual:
            continue
        green, measured = totals.get(kpi.service_area.name, (0, 0))
        green += counts.get((kpi.pk, Status.GREEN), 0)
        measured += sum(counts.get((kpi.pk, s), 0) for s in MEASURED)
        totals[kpi.service_area.name] = (green, measured)
    return {name: achieved_percent(*pair) for name, pair in totals.items()}


def compare_halves(contract, end: Month) -> Comparison:
    this, previous = halves(end)
    comparison = Comparison(this_half=this, previous_half=previous)
    now, before = _counts(contract, this), _counts(contract, previous)
    seen = {kpi_id for kpi_id, _ in (*now, *before)}
    kpis = list(
        contract.kpis.filter(pk__in=seen)
        .select_related("service_area")
        .order_by("service_area__sort_order", "service_area__name", "code")
    )
    for kpi in kpis:
        kpi.contract = contract
        comparison.kpis.append(
            {
                "kpi": kpi,
                "this": [now.get((kpi.pk, s), 0) for s in COUNTED],
                "previous": [before.get((kpi.pk, s), 0) for s in COUNTED],
            }
        )
    area_now, area_before = _area_achieved(kpis, now), _area_achieved(kpis, before)
    comparison.areas = [
        {"name": name, "this": area_now.get(name), "previous": area_before.get(name)}
        for name in dict.fromkeys([*area_before, *area_now])
    ]
    comparison.delivered = _delivered(contract, this)
    comparison.slipped = list(
        GoLiveRevision.objects.filter(project__contract=contract)
        .recorded_between(this.start.first_day, this.end.last_day)
        .filter(new_date__gt=F("previous_date"))
        .select_related("project")
        .order_by("recorded_at", "pk")
    )
    return comparison


def _delivered(contract, half: MonthRange) -> list:
    """Projects first reported live (or closed) in a month of the half-year."""
    live = ProjectUpdate.objects.filter(project__contract=contract, stage__in=DELIVERED)
    earlier = live.filter(month__lt=half.start.first_day).values("project_id")
    firsts = (
        live.filter(month__gte=half.start.first_day, month__lte=half.end.first_day)
        .exclude(project_id__in=earlier)
        .select_related("project")
        .order_by("project__number", "month")
    )
    return list({update.project_id: update.project for update in firsts}.values())


def comparison_facts(contract, comparison: Comparison) -> list:
    """Each KPI's counts and each area's % achieved, this half and the one before."""
    facts = []
    for half, which in ((comparison.this_half, "this"), (comparison.previous_half, "previous")):
        months = f"{half.start}/{half.end}"
        for row in comparison.kpis:
            counts = ", ".join(f"{s.label} {n}" for s, n in zip(COUNTED, row[which], strict=True))
            code = row["kpi"].code
            label = f"{code} months by status, {half.label}"
            facts.append(summary_fact(contract, f"counts:{code}", months, label, counts))
        for area in comparison.areas:
            value = "—" if area[which] is None else f"{area[which]}%"
            label = f"{area['name']} % achieved, {half.label}"
            facts.append(summary_fact(contract, f"area:{area['name']}", months, label, value))
    return facts
