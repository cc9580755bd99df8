"""A contract ready for a contract performance notice, and assessments of it, built
directly (the workflow's services are tested on their own)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from procurement.choices import ApprovalStatus, IdentifierScheme
from procurement.models import Assessment, AssessmentRating, BreachNotice, ContractDetails, Party
from tests.factories import KPITargetFactory, area_kpi

LONDON = ZoneInfo("Europe/London")


def notice_ready(contract) -> ContractDetails:
    """Give the contract (from the `contract` fixture) its parties and details."""
    Party.objects.create(
        legal_name=contract.supplier.name,
        identifier_scheme=IdentifierScheme.COMPANIES_HOUSE,
        identifier_id="02048608",
        street_address="Serco House, 16 Bartley Wood Business Park",
        locality="Hook",
        postal_code="RG27 9UY",
        email="contracts@supplier.example",
        supplier=contract.supplier,
    )
    buyer = Party.objects.create(
        legal_name="Example County Council",
        identifier_scheme=IdentifierScheme.PPON,
        identifier_id="PMZV-7732-XXTT",
        street_address="County Offices, Newland",
        locality="Lincoln",
        postal_code="LN1 1YL",
        email="procurement@council.example",
    )
    return ContractDetails.objects.create(
        contract=contract,
        value=Decimal("72500000.00"),
        above_threshold=True,
        ocid="ocds-h6vhtk-04f1a2",
        contract_notice_id="012345-2025",
        procurement_title="Corporate Support Services",
        buyer=buyer,
        contract_identifier=contract.reference,
    )


def published_kpi(contract, code: str, **fields):
    kpi = area_kpi(contract, "IMT", code=code, published=True, **fields)
    KPITargetFactory(kpi=kpi, target=Decimal("95"), minimum=Decimal("90"))
    return kpi


def assessment_with(contract, user, ratings, *, status=ApprovalStatus.DRAFT, approver=None):
    """An assessment of October 2017 to September 2018 with `ratings`, a list of
    (kpi, rating, fields) tuples; submitted by `user` and approved by `approver` when the
    status says so."""
    assessment = Assessment.objects.create(
        contract=contract,
        period_start=date(2017, 10, 1),
        period_end=date(2018, 9, 1),
        created_by=user,
    )
    for kpi, rating, fields in ratings:
        AssessmentRating.objects.create(
            assessment=assessment,
            kpi=kpi,
            proposed=fields.pop("proposed", rating),
            rating=rating,
            **fields,
        )
    if status != ApprovalStatus.DRAFT:
        assessment.status = ApprovalStatus.SUBMITTED
        assessment.submitted_by = user
        assessment.submitted_at = datetime(2018, 10, 24, 15, 0, tzinfo=LONDON)
        assessment.save()
    if status == ApprovalStatus.APPROVED:
        assessment.status = status
        assessment.approved_by = approver
        assessment.approved_at = datetime(2018, 10, 26, 11, 30, tzinfo=LONDON)
        assessment.save()
    return assessment


def approved_breach(contract, user, approver, **fields) -> BreachNotice:
    values = {
        "requirement": "Schedule 2.1: answer 90% of calls within 60 seconds.",
        "description": "Calls went unanswered for most of May 2018.",
        "impact": "Residents could not report care needs by telephone.",
        "period_start": date(2018, 5, 1),
        "period_end": date(2018, 5, 31),
        "decision_date": date(2018, 6, 14),
    }
    breach = BreachNotice.objects.create(contract=contract, created_by=user, **values | fields)
    breach.status = ApprovalStatus.APPROVED
    breach.submitted_by, breach.approved_by = user, approver
    breach.save()
    return breach
