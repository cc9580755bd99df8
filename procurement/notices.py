"""Reads behind an exported notice: the assessment with everything its release names, in a
fixed number of queries, and the breach notices reported with it. Shared by the
notice pages and `export_performance_notice`."""

import json
from datetime import datetime

from django.db.models import Prefetch

from .models import Assessment, AssessmentRating, BreachNotice
from .ocds import release_package

NOTICE_RELATED = ("contract__supplier__party", "contract__procurement__buyer")


def notice_assessments(queryset=None):
    """Assessments with their contract, parties, and ratings with KPIs and targets."""
    ratings = AssessmentRating.objects.select_related("kpi").prefetch_related("kpi__targets")
    queryset = Assessment.objects.all() if queryset is None else queryset
    return queryset.select_related(*NOTICE_RELATED, "submitted_by", "approved_by").prefetch_related(
        Prefetch("ratings", queryset=ratings.order_by("kpi__code"))
    )


def latest_approved(contract) -> Assessment | None:
    """The approved assessment covering the latest months (the default export)."""
    approved = Assessment.objects.for_contract(contract).approved()
    return notice_assessments(approved).order_by("-period_end", "-approved_at").first()


def reported_breaches(assessment) -> list[BreachNotice]:
    """Approved breach notices the authority decided on within the assessed months."""
    return list(
        BreachNotice.objects.for_contract(assessment.contract)
        .approved()
        .filter(
            decision_date__gte=assessment.start_month.first_day,
            decision_date__lte=assessment.end_month.last_day,
        )
        .order_by("decision_date", "pk")
    )


def notice_package(assessment, *, uri: str, published_at: datetime) -> dict:
    return release_package(
        assessment,
        breaches=reported_breaches(assessment),
        published_at=published_at,
        uri=uri,
    )


def notice_json(package: dict) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"
