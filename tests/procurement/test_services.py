from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts.choices import Role
from core.concurrency import EditConflict
from core.periods import Month
from procurement.choices import ApprovalStatus, Rating
from procurement.models import ApprovedRecordError, Assessment
from procurement.services import (
    assessment_approve,
    assessment_create,
    assessment_delete,
    assessment_record_publication,
    assessment_return,
    assessment_submit,
    breach_approve,
    breach_save,
    breach_submit,
    rating_update,
)
from tests.factories import ResolutionFactory

from .conftest import PERIOD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]


@pytest.fixture
def draft(scored, manager):
    return assessment_create(
        contract=scored, start=PERIOD[0], end=PERIOD[1], final=False, notes="", user=manager
    )


@pytest.fixture
def second_manager(contract, member):
    return member(contract, Role.CONTRACT_MANAGER, username="manager2")


def ratings(assessment):
    return {r.kpi.code: r for r in assessment.ratings.select_related("kpi")}


def test_assessment_create_proposes_each_published_kpi(draft):
    found = ratings(draft)
    assert set(found) == {"CSC_KPI_04", "CSC_KPI_07"}
    seven = found["CSC_KPI_07"]
    assert (seven.proposed, seven.rating) == (Rating.BELOW, Rating.BELOW)
    assert (seven.green, seven.amber, seven.red, seven.missing, seven.mitigated) == (8, 1, 1, 1, 1)
    assert seven.notes == "Not judged: in mitigation: November 2017."
    assert draft.status == ApprovalStatus.DRAFT


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (Month(2018, 9), Month(2018, 8), "end"),
        (Month(2017, 10), Month(2018, 10), "end"),  # 13 months
        (Month(2017, 1), Month(2017, 12), "start"),  # before the contract started
    ],
)
def test_assessment_create_refuses_a_bad_period(scored, manager, start, end, field):
    with pytest.raises(ValidationError) as error:
        assessment_create(
            contract=scored, start=start, end=end, final=False, notes="", user=manager
        )
    assert field in error.value.message_dict
    assert not Assessment.objects.exists()


def test_assessment_create_refuses_an_overlapping_period(draft, manager):
    with pytest.raises(ValidationError, match="overlaps"):
        assessment_create(
            contract=draft.contract,
            start=Month(2018, 9),
            end=Month(2019, 8),
            final=False,
            notes="",
            user=manager,
        )


def test_assessment_create_needs_published_kpis(contract, manager):
    with pytest.raises(ValidationError, match="No published KPI"):
        assessment_create(
            contract=contract, start=PERIOD[0], end=PERIOD[1], final=False, notes="", user=manager
        )


def test_rating_update_needs_a_reason_to_differ_from_the_proposal(draft, manager):
    seven = ratings(draft)["CSC_KPI_07"]
    with pytest.raises(ValidationError) as error:
        rating_update(
            rating=seven, value="slightlyBelow", reason=" ", explanation="", notes="", user=manager
        )
    assert "reason" in error.value.message_dict
    rating_update(
        rating=seven,
        value="slightlyBelow",
        reason="The missing month was a system fault.",
        explanation="",
        notes="",
        user=manager,
    )
    seven.refresh_from_db()
    assert (seven.proposed, seven.rating) == (Rating.BELOW, Rating.SLIGHTLY_BELOW)
    assert seven.reason == "The missing month was a system fault."


def test_rating_update_other_needs_an_explanation(draft, manager):
    four = ratings(draft)["CSC_KPI_04"]
    with pytest.raises(ValidationError) as error:
        rating_update(
            rating=four, value="other", reason="Changed.", explanation="", notes="", user=manager
        )
    assert "explanation" in error.value.message_dict


def test_rating_update_detects_a_concurrent_edit(draft, manager):
    four = ratings(draft)["CSC_KPI_04"]
    with pytest.raises(EditConflict):
        rating_update(
            rating=four, value="met", reason="", explanation="", notes="", user=manager, version=99
        )


def test_assessment_submit_refuses_an_unexplained_other(draft, manager):
    ratings(draft)["CSC_KPI_04"].__class__.objects.filter(kpi__code="CSC_KPI_04").update(
        proposed=Rating.OTHER, rating=Rating.OTHER
    )
    with pytest.raises(ValidationError, match="CSC_KPI_04: Explain"):
        assessment_submit(assessment=draft, user=manager)
    draft.refresh_from_db()
    assert draft.status == ApprovalStatus.DRAFT


def test_assessment_four_eyes(draft, manager, second_manager, administrator):
    assessment_submit(assessment=draft, user=manager)
    with pytest.raises(ValidationError, match="someone else must approve"):
        assessment_approve(assessment=draft, user=manager)
    assessment_approve(assessment=draft, user=second_manager)
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by, draft.submitted_by) == (
        ApprovalStatus.APPROVED,
        second_manager,
        manager,
    )


def test_assessment_approve_by_an_administrator(draft, manager, administrator):
    assessment_submit(assessment=draft, user=manager)
    assessment_approve(assessment=draft, user=administrator)
    assert draft.status == ApprovalStatus.APPROVED


def test_assessment_approve_refuses_a_board_member(draft, manager, board_member):
    assessment_submit(assessment=draft, user=manager)
    with pytest.raises(ValidationError, match="Only a contract manager"):
        assessment_approve(assessment=draft, user=board_member)


def test_assessment_approve_refuses_a_draft(draft, second_manager):
    with pytest.raises(ValidationError, match="Only a submitted"):
        assessment_approve(assessment=draft, user=second_manager)


def test_assessment_return_to_draft(draft, manager, second_manager):
    assessment_submit(assessment=draft, user=manager)
    assessment_return(assessment=draft, user=second_manager)
    assert (draft.status, draft.submitted_by) == (ApprovalStatus.DRAFT, None)


@pytest.fixture
def approved(draft, manager, second_manager):
    assessment_submit(assessment=draft, user=manager)
    return assessment_approve(assessment=draft, user=second_manager)


def test_approved_assessment_is_immutable(approved, manager):
    four = ratings(approved)["CSC_KPI_04"]
    with pytest.raises(ValidationError, match="approved"):
        rating_update(rating=four, value="met", reason="", explanation="", notes="x", user=manager)
    with pytest.raises(ApprovedRecordError):
        four.save()
    approved.notes = "Changed afterwards"
    with pytest.raises(ApprovedRecordError):
        approved.save()
    with pytest.raises(ApprovedRecordError):
        Assessment.objects.get(pk=approved.pk).delete()
    with pytest.raises(ValidationError, match="only a draft"):
        assessment_delete(assessment=approved, user=manager)


def test_assessment_record_publication(approved, manager):
    assessment_record_publication(
        assessment=approved, notice_id="024512-2025", published_on=date(2018, 10, 15), user=manager
    )
    approved.refresh_from_db()
    assert (approved.notice_id, approved.notice_published_on) == ("024512-2025", date(2018, 10, 15))
    assert approved.history.first().history_change_reason == "Publication recorded by manager"


def test_assessment_record_publication_only_once_approved(draft, manager):
    with pytest.raises(ValidationError, match="once it is approved"):
        assessment_record_publication(
            assessment=draft, notice_id="1", published_on=date(2018, 10, 15), user=manager
        )


def test_assessment_delete_a_draft(draft, manager):
    assessment_delete(assessment=draft, user=manager)
    assert not Assessment.objects.exists()


BREACH = {
    "kind": "breach",
    "requirement": "Answer 80% of calls within 60 seconds.",
    "description": "Calls went unanswered.",
    "impact": "Residents waited.",
    "period_start": date(2018, 1, 1),
    "period_end": date(2018, 3, 31),
    "decision_date": date(2018, 4, 20),
    "penalty_type": "contracted",
    "penalty_amount": Decimal("25000.00"),
}


def test_breach_save_links_kpis_and_resolutions(scored, manager):
    resolution = ResolutionFactory(agenda_item__contract=scored)
    kpi = scored.kpis.get(code="CSC_KPI_07")
    breach = breach_save(
        contract=scored,
        breach=None,
        user=manager,
        kpis=[kpi],
        resolutions=[resolution],
        actions=[],
        **BREACH,
    )
    assert list(breach.kpis.all()) == [kpi]
    assert list(breach.resolutions.all()) == [resolution]


def test_breach_save_refuses_links_to_another_contract(scored, manager):
    elsewhere = ResolutionFactory()
    with pytest.raises(ValidationError, match="of this contract"):
        breach_save(
            contract=scored,
            breach=None,
            user=manager,
            kpis=[],
            resolutions=[elsewhere],
            actions=[],
            **BREACH,
        )


def test_breach_save_refuses_an_amount_without_its_kind(scored, manager):
    with pytest.raises(ValidationError) as error:
        breach_save(
            contract=scored,
            breach=None,
            user=manager,
            kpis=[],
            resolutions=[],
            actions=[],
            **{**BREACH, "penalty_type": ""},
        )
    assert "penalty_type" in error.value.message_dict


def test_breach_four_eyes(scored, manager, second_manager):
    breach = breach_save(
        contract=scored, breach=None, user=manager, kpis=[], resolutions=[], actions=[], **BREACH
    )
    breach_submit(breach=breach, user=manager)
    with pytest.raises(ValidationError, match="someone else"):
        breach_approve(breach=breach, user=manager)
    breach_approve(breach=breach, user=second_manager)
    with pytest.raises(ValidationError, match="only a draft"):
        breach_save(
            contract=scored,
            breach=breach,
            user=manager,
            kpis=[],
            resolutions=[],
            actions=[],
            **BREACH,
        )
