"""Reads the procurement pages, commands, tasks and the dashboards share: the proposed
ratings of a period, the next assessment due, the warnings a contract shows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404

from contracts.choices import ContractStatus
from core.formatting import format_date
from core.periods import Month, month_range
from kpis.choices import Status
from kpis.models import KPI, KPIMonthStatus

from .due import NextAssessment, next_assessment
from .models import Assessment, BreachNotice, ContractDetails
from .rating import MonthInput, RatingProposal, propose_rating

MINIMUM_PUBLISHED_KPIS = 3  # s.52(1)
VALUE_THRESHOLD = 5_000_000  # s.52(1): contracts worth more than £5 million


@dataclass(frozen=True)
class Proposal:
    kpi: KPI
    proposal: RatingProposal


@dataclass(frozen=True)
class ContractWarning:
    """A warning a contract's dashboard (and the home page) shows: its words, and where
    to go to act on it."""

    text: str
    url: str


def published_kpis(contract, start: Month | None = None, end: Month | None = None):
    """The contract's KPIs under s.52; with a period, those live at some time in it."""
    kpis = KPI.objects.for_contract(contract).filter(published=True)
    if start is not None and end is not None:
        kpis = kpis.filter(live_from__lte=end.first_day).filter(
            Q(retired_from__isnull=True) | Q(retired_from__gt=start.first_day)
        )
    return kpis.order_by("code")


def proposals(contract, start: Month, end: Month) -> list[Proposal]:
    """The rating Oversight proposes for each published KPI over start..end, from the
    KPIs' month statuses (read in one query)."""
    kpis = list(published_kpis(contract, start, end))
    rows = KPIMonthStatus.objects.filter(
        contract=contract,
        kpi__in=[kpi.pk for kpi in kpis],
        period__range=(start.first_day, end.first_day),
    ).values_list("kpi_id", "period", "status", "persistent_failure")
    stored = {(kpi_id, period): (status, flag) for kpi_id, period, status, flag in rows}
    months = month_range(start, end)
    return [
        Proposal(kpi=kpi, proposal=propose_rating(_inputs(contract, kpi, months, stored)))
        for kpi in kpis
    ]


def _inputs(contract, kpi: KPI, months: list[Month], stored: dict) -> list[MonthInput]:
    inputs = []
    for month in months:
        status, flag = stored.get(
            (kpi.pk, month.first_day), (_unstored(contract, kpi, month), False)
        )
        inputs.append(MonthInput(month=month, status=status, persistent_failure=flag))
    return inputs


def _unstored(contract, kpi: KPI, month: Month) -> str:
    """A month with no status row yet: what the status rules would make of it."""
    if not kpi.is_due(month):
        return Status.NOT_DUE
    return Status.MISSING if contract.is_closed(month) else Status.AWAITING


def contract_details(contract) -> ContractDetails | None:
    return (
        ContractDetails.objects.filter(contract=contract)
        .select_related("buyer", "contract__supplier__party")
        .first()
    )


def assessments(contract, user):
    return (
        Assessment.objects.visible_to(user)
        .for_contract(contract)
        .select_related("contract", "created_by", "submitted_by", "approved_by")
    )


def assessment_or_404(contract, user, assessment_id: int) -> Assessment:
    return get_object_or_404(assessments(contract, user), pk=assessment_id)


def breaches(contract, user):
    return (
        BreachNotice.objects.visible_to(user)
        .for_contract(contract)
        .select_related("contract", "created_by", "submitted_by", "approved_by")
    )


def breach_or_404(contract, user, breach_id: int) -> BreachNotice:
    return get_object_or_404(breaches(contract, user), pk=breach_id)


def breach_links(breach: BreachNotice, user) -> dict:
    """The KPIs, resolutions and actions a breach notice links to, as far as the person
    may see them."""
    return {
        "kpis": breach.kpis.order_by("code"),
        "resolutions": breach.resolutions.visible_to(user).select_related(
            "agenda_item__meeting__board"
        ),
        "actions": breach.actions.visible_to(user),
    }


def ratings_of(assessment: Assessment):
    return assessment.ratings.select_related("kpi").order_by("kpi__code")


def default_period(contract) -> NextAssessment:
    """The period a new assessment covers unless told otherwise: the 12 months after the
    latest assessment of any state, or from the contract's start."""
    latest = Assessment.objects.for_contract(contract).order_by("-period_end").first()
    return _next_after(contract, latest)


def next_due(contract) -> NextAssessment | None:
    """The next assessment the law asks for: the 12 months after the latest approved one;
    None once the final assessment (made as the contract ends) is approved."""
    latest = Assessment.objects.for_contract(contract).approved().order_by("-period_end").first()
    if latest is not None and latest.final:
        return None
    return _next_after(contract, latest)


def _next_after(contract, latest: Assessment | None) -> NextAssessment:
    return next_assessment(
        previous_end=latest.end_month if latest else None,
        contract_start=Month.from_date(contract.start_date),
    )


def contract_warnings(contract, today: date, *, url: str) -> list[ContractWarning]:
    """What a contract manager must act on: too few published KPIs without a rationale,
    and an assessment due within 30 days or overdue."""
    details = contract_details(contract)
    if details is None or contract.status == ContractStatus.ENDED:
        return []
    found = []
    if (
        details.value > VALUE_THRESHOLD
        and not details.no_metrics_rationale.strip()
        and published_kpis(contract).count() < MINIMUM_PUBLISHED_KPIS
    ):
        found.append(
            ContractWarning(
                "This contract is worth more than £5 million but has fewer than three "
                "published KPIs, and no reason is recorded.",
                url,
            )
        )
    due = next_due(contract)
    if due is None:
        return found
    if due.is_overdue(today):
        found.append(
            ContractWarning(f"The KPI assessment due by {format_date(due.due)} is overdue.", url)
        )
    elif due.is_due_soon(today):
        found.append(
            ContractWarning(f"The next KPI assessment is due by {format_date(due.due)}.", url)
        )
    return found
