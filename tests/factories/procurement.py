from datetime import date
from decimal import Decimal

import factory

from procurement.choices import ApprovalStatus, BreachKind, IdentifierScheme, Rating
from procurement.models import (
    Assessment,
    AssessmentRating,
    BreachNotice,
    ContractDetails,
    Party,
)

from .contracts import ContractFactory, UserFactory
from .kpis import KPIFactory


def letters(n: int) -> str:
    """Three letters counting up (AAA, AAB…), for identifiers made of letters."""
    return "".join(chr(ord("A") + n // 26**place % 26) for place in (2, 1, 0))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    legal_name = factory.Sequence(lambda n: f"Organisation {n} Limited")
    identifier_scheme = IdentifierScheme.COMPANIES_HOUSE
    identifier_id = factory.Sequence(lambda n: f"{n:08d}")
    street_address = "1 High Street"
    locality = "Northampton"
    postal_code = "NN1 1AA"
    email = factory.Sequence(lambda n: f"contracts{n}@example.org")


class ContractDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractDetails

    contract = factory.SubFactory(ContractFactory)
    value = Decimal("12000000.00")
    ocid = factory.Sequence(lambda n: f"ocds-h6vhtk-{n:06d}")
    procurement_title = factory.LazyAttribute(lambda d: d.contract.title)
    buyer = factory.SubFactory(
        PartyFactory,
        identifier_scheme=IdentifierScheme.LOCAL_AUTHORITY_ENGLAND,
        identifier_id=factory.Sequence(lambda n: "N" + letters(n)),
    )
    contract_identifier = factory.LazyAttribute(lambda d: d.contract.reference)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    contract = factory.SubFactory(ContractFactory)
    period_start = date(2017, 10, 1)
    period_end = date(2018, 9, 1)
    created_by = factory.SubFactory(UserFactory)
    status = ApprovalStatus.DRAFT


class AssessmentRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRating

    assessment = factory.SubFactory(AssessmentFactory)
    kpi = factory.SubFactory(
        KPIFactory, contract=factory.SelfAttribute("..assessment.contract"), published=True
    )
    proposed = Rating.MET
    rating = factory.SelfAttribute("proposed")
    green = 12


class BreachNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreachNotice

    contract = factory.SubFactory(ContractFactory)
    kind = BreachKind.BREACH
    requirement = "Answer 80% of calls within 60 seconds (schedule 2, KPI CSC_KPI_04)."
    description = "Calls went unanswered for three months."
    impact = "Residents waited longer for care finance advice."
    period_start = date(2018, 1, 1)
    period_end = date(2018, 3, 31)
    decision_date = date(2018, 4, 20)
    created_by = factory.SubFactory(UserFactory)
