"""A contract ready for a contract performance notice, and assessments of it in any state
(the workflow's services are tested on their own, in test_services.py)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from procurement.choices import ApprovalStatus, IdentifierScheme
from procurement.models import Assessment, BreachNotice, ContractDetails
from tests.factories import (
    AssessmentFactory,
    AssessmentRatingFactory,
    BreachNoticeFactory,
    ContractDetailsFactory,
    KPITargetFactory,
    PartyFactory,
    area_kpi,
)

LONDON = ZoneInfo("Europe/London")
SUBMITTED_AT = datetime(2018, 10, 24, 15, 0, tzinfo=LONDON)
APPROVED_AT = datetime(2018, 10, 26, 11, 30, tzinfo=LONDON)


def notice_ready(contract) -> ContractDetails:
    """Give the contract (from the `contract` fixture) its parties and details."""
    PartyFactory(
        legal_name=contract.supplier.name,
        identifier_id="02048608",
        street_address="Serco House, 16 Bartley Wood Business Park",
        locality="Hook",
        postal_code="RG27 9UY",
        email="contracts@supplier.example",
        supplier=contract.supplier,
    )
    buyer = PartyFactory(
        legal_name="Example County Council",
        identifier_scheme=IdentifierScheme.PPON,
        identifier_id="PMZV-7732-XXTT",
        street_address="County Offices, Newland",
        locality="Lincoln",
        postal_code="LN1 1YL",
        email="procurement@council.example",
    )
    return ContractDetailsFactory(
        contract=contract,
        value=Decimal("72500000.00"),
        ocid="ocds-h6vhtk-04f1a2",
        contract_notice_id="012345-2025",
        procurement_title="Corporate Support Services",
        buyer=buyer,
    )


def published_kpi(contract, code: str, **fields):
    kpi = area_kpi(contract, "IMT", code=code, published=True, **fields)
    KPITargetFactory(kpi=kpi, target=Decimal("95"), minimum=Decimal("90"))
    return kpi


def assessment_with(contract, user, ratings, *, status=ApprovalStatus.DRAFT, approver=None):
    """An assessment of October 2017 to September 2018 with `ratings`, a list of
    (kpi, rating, fields) tuples; submitted by `user` and approved by `approver` when the
    status says so."""
    assessment = AssessmentFactory(contract=contract, created_by=user)
    for kpi, rating, fields in ratings:
        AssessmentRatingFactory(
            assessment=assessment, kpi=kpi, rating=rating, **{"proposed": rating} | fields
        )
    if status != ApprovalStatus.DRAFT:
        _move(assessment, ApprovalStatus.SUBMITTED, submitted_by=user, submitted_at=SUBMITTED_AT)
    if status == ApprovalStatus.APPROVED:
        _move(assessment, status, approved_by=approver, approved_at=APPROVED_AT)
    return Assessment.objects.get(pk=assessment.pk)


def _move(record, status, **fields):
    for name, value in {"status": status, **fields}.items():
        setattr(record, name, value)
    record.save()


def approved_breach(contract, user, approver, **fields) -> BreachNotice:
    values = {
        "requirement": "Schedule 2.1: answer 90% of calls within 60 seconds.",
        "description": "Calls went unanswered for most of May 2018.",
        "impact": "Residents could not report care needs by telephone.",
        "period_start": date(2018, 5, 1),
        "period_end": date(2018, 5, 31),
        "decision_date": date(2018, 6, 14),
    }
    breach = BreachNoticeFactory(contract=contract, created_by=user, **values | fields)
    _move(breach, ApprovalStatus.APPROVED, submitted_by=user, approved_by=approver)
    return breach
