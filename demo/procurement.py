"""The demo's Procurement Act records, as a contract manager would enter them through the
services: the contract's value and identifiers; for the four KPIs the catalogue marks as
published under s.52 (`data/kpis.csv`, column `published`), the assessment of October
2017 to September 2018 (proposed by Oversight from the demo's statuses, submitted by
`manager`, approved by `manager2`); and a draft of the six months before it, when the
customer service centre was failing.

The ratings are the rule's own: CSC_KPI_04 (abandoned calls) is Good, all green after
being red from April to July 2017; CSC_KPI_01 Approaching target (amber in April 2018);
ACF_KPI_04 Requires improvement and ACF_KPI_03 Inadequate (a persistent failure in
October 2017), both judged on October 2017 to March 2018 only, their later months being
in mitigation. Only what is missing is added, so running it again changes nothing."""

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from contracts.models import Contract
from core.periods import Month
from procurement.choices import IdentifierScheme
from procurement.models import Assessment, ContractDetails, Party
from procurement.services import (
    assessment_approve,
    assessment_create,
    assessment_submit,
    procurement_details_save,
)

from .dating import LONDON

ASSESSED = (Month(2017, 10), Month(2018, 9))
DRAFTED = (Month(2017, 4), Month(2017, 9))
# The assessment was drafted once September 2018 had closed, and approved two days later.
CREATED_AT = datetime(2018, 10, 22, 10, 0, tzinfo=LONDON)
SUBMITTED_AT = datetime(2018, 10, 24, 15, 0, tzinfo=LONDON)
APPROVED_AT = datetime(2018, 10, 26, 11, 30, tzinfo=LONDON)
DRAFTED_AT = datetime(2018, 10, 29, 9, 45, tzinfo=LONDON)


def seed_procurement(contract: Contract) -> None:
    manager, manager2 = (
        get_user_model().objects.get(username=name) for name in ("manager", "manager2")
    )
    if not ContractDetails.objects.filter(contract=contract).exists():
        _enter_details(contract, manager)
    if not Assessment.objects.for_contract(contract).exists():
        _assess(contract, manager, manager2)
        _draft(contract, manager)


def _enter_details(contract: Contract, manager) -> None:
    authority = Party(
        legal_name="Lincolnshire County Council",
        identifier_scheme=IdentifierScheme.LOCAL_AUTHORITY_ENGLAND,
        identifier_id="LIN",
        street_address="County Offices, Newland",
        locality="Lincoln",
        postal_code="LN1 1YL",
        email="procurement@example.org",
    )
    supplier = Party(
        legal_name="Serco Limited",
        identifier_scheme=IdentifierScheme.COMPANIES_HOUSE,
        identifier_id="02048608",
        street_address="Serco House, 16 Bartley Wood Business Park, Bartley Way",
        locality="Hook",
        postal_code="RG27 9UY",
        email="serco.contracts@example.org",
    )
    details = ContractDetails(
        value=Decimal("72500000.00"),
        above_threshold=True,
        ocid="ocds-h6vhtk-0c55c1",
        procurement_title="Corporate Support Services Contract",
        contract_identifier=contract.reference,
    )
    procurement_details_save(
        contract=contract, details=details, authority=authority, supplier=supplier, user=manager
    )


def _assess(contract: Contract, manager, manager2) -> None:
    assessment = assessment_create(
        contract=contract,
        start=ASSESSED[0],
        end=ASSESSED[1],
        final=False,
        notes="Annual assessment for the Partnership Board of November 2018.",
        user=manager,
    )
    assessment_submit(assessment=assessment, user=manager)
    assessment_approve(assessment=assessment, user=manager2)
    _date(assessment, CREATED_AT, SUBMITTED_AT, APPROVED_AT)
    _date_history(
        assessment, [(CREATED_AT, manager), (SUBMITTED_AT, manager), (APPROVED_AT, manager2)]
    )


def _draft(contract: Contract, manager) -> None:
    assessment = assessment_create(
        contract=contract,
        start=DRAFTED[0],
        end=DRAFTED[1],
        final=False,
        notes="The first six months of KPI reporting, for comparison.",
        user=manager,
    )
    _date(assessment, DRAFTED_AT)
    _date_history(assessment, [(DRAFTED_AT, manager)])


def _date(assessment: Assessment, created: datetime, submitted=None, approved=None) -> None:
    """Set the moments the services stamped with the present (see demo/dating.py)."""
    moments = {"created_at": created, "submitted_at": submitted, "approved_at": approved}
    Assessment.objects.filter(pk=assessment.pk).update(
        **{field: when for field, when in moments.items() if when is not None}
    )


def _date_history(assessment: Assessment, stamps: list[tuple[datetime, object]]) -> None:
    """Date the assessment's history rows, oldest first, with (moment, person) pairs: one
    for its creation, then one per step of the workflow."""
    rows = Assessment.history.filter(id=assessment.pk).order_by("history_id")
    for history_id, (moment, user) in zip(
        rows.values_list("history_id", flat=True), stamps, strict=True
    ):
        rows.filter(history_id=history_id).update(history_date=moment, history_user=user)
