from datetime import date

import pytest
from django.core.management import call_command

from kpis.models import KPI, KPIMonthStatus
from procurement.models import Assessment, AssessmentRating, ContractDetails, Party

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Party.objects.values()),
        list(ContractDetails.objects.values()),
        list(Assessment.objects.values()),
        list(AssessmentRating.objects.values()),
        list(KPI.objects.filter(published=True).values_list("code", flat=True)),
        [model.history.count() for model in (Party, ContractDetails, Assessment, KPI)],
    )


def test_demo_assessment_rates_the_published_kpis_by_the_rule(demo):
    contract = demo["contract"]
    approved = Assessment.objects.get(contract=contract, status="approved")
    assert (approved.period_start, approved.period_end) == (date(2017, 10, 1), date(2018, 9, 1))
    assert approved.created_by.username == approved.submitted_by.username == "manager"
    assert approved.approved_by.username == "manager2"
    ratings = {r.kpi.code: (r.proposed, r.rating) for r in approved.ratings.select_related("kpi")}
    assert ratings == {
        "ACF_KPI_03": ("significantlyBelow", "significantlyBelow"),
        "ACF_KPI_04": ("below", "below"),
        "CSC_KPI_01": ("slightlyBelow", "slightlyBelow"),
        "CSC_KPI_04": ("met", "met"),
    }
    before = KPIMonthStatus.objects.get(kpi__code="CSC_KPI_04", period=date(2017, 7, 1))
    assert before.status == "red"


def test_demo_has_a_draft_assessment_of_the_months_before(demo):
    draft = Assessment.objects.get(contract=demo["contract"], status="draft")
    assert (draft.period_start, draft.period_end) == (date(2017, 4, 1), date(2017, 9, 1))
    assert draft.ratings.get(kpi__code="CSC_KPI_04").proposed == "significantlyBelow"


def test_demo_procurement_records_load_once(demo):
    before = snapshot()
    call_command("seed_demo", force=True, verbosity=0)
    assert snapshot() == before
    assert demo["contract"].procurement.buyer.legal_name == "Lincolnshire County Council"
    assert demo["contract"].supplier.party.ocds_id == "GB-COH-02048608"
