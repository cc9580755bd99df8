"""The baseline the set-based recompute replaced: a per-row ORM loop. For each KPI it
loads the KPI's approved figures, target versions and mitigations (three queries),
judges each month with the pure rules of `kpis.rag`, and saves each row with
`update_or_create` — one transaction per contract, as the service has."""

from django.db import transaction
from django.db.models import Max, Min

from contracts.models import Contract
from core.periods import Month, month_range
from kpis.models import KPI, KPIFigure, KPIMonthStatus
from kpis.rag import month_status, persistent_failures


def naive_recompute(contract: Contract) -> int:
    """Rebuild one contract's statuses row by row; returns the rows written."""
    months = _months_in_scope(contract)
    written = 0
    with transaction.atomic():
        for kpi in contract.kpis.all():
            written += _recompute_kpi(kpi, months, contract.closed_month)
    return written


def _months_in_scope(contract: Contract) -> list[Month]:
    first = contract.kpis.aggregate(first=Min("live_from"))["first"]
    last_figure = KPIFigure.objects.filter(kpi__contract=contract, state="approved").aggregate(
        last=Max("period")
    )["last"]
    ends = [d for d in (contract.closed_through, last_figure) if d is not None]
    if first is None or not ends:
        return []
    return month_range(Month.from_date(first), Month.from_date(max(ends)))


def _judge_month(kpi: KPI, month: Month, closed: Month | None, figures, targets, mitigations):
    figure = figures.get(month.first_day)
    version = next((t for t in targets if t.effective_from <= month.first_day), None)
    mitigation = next((m for m in mitigations if m.covers(month)), None)
    is_closed = closed is not None and month <= closed
    status, underlying = month_status(
        due=True,
        value=figure.value if figure else None,
        closed=is_closed,
        target=version.target if version else None,
        minimum=version.minimum if version else None,
        polarity=kpi.polarity,
        mitigated=mitigation is not None,
    )
    return {
        "month": month,
        "keep": is_closed or figure is not None,
        "status": status,
        "underlying_status": underlying,
        "target": version.target if version else None,
        "minimum": version.minimum if version else None,
        "value": figure.value if figure else None,
        "figure": figure,
        "mitigation": mitigation,
    }


def _recompute_kpi(kpi: KPI, months: list[Month], closed: Month | None) -> int:
    figures = {f.period: f for f in kpi.figures.filter(state="approved")}
    targets = list(kpi.targets.order_by("-effective_from"))
    mitigations = list(kpi.mitigations.order_by("start"))
    rows = [
        _judge_month(kpi, month, closed, figures, targets, mitigations)
        for month in months
        if kpi.is_due(month)
    ]
    flags = persistent_failures(row["status"] for row in rows)
    written = 0
    for row, flag in zip(rows, flags, strict=True):
        month, keep = row.pop("month"), row.pop("keep")
        if not keep:
            continue
        KPIMonthStatus.objects.update_or_create(
            kpi=kpi,
            period=month.first_day,
            defaults={"contract_id": kpi.contract_id, "persistent_failure": flag, **row},
        )
        written += 1
    return written
