"""Writes of the Procurement Act records (docs/procurement-act.md): the contract's and
parties' details, assessments (created from the proposed ratings, confirmed or changed,
submitted, approved by a second person), breach notices, and the platform's notice
identifier once a notice is published."""

from collections.abc import Collection
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from contracts.models import Contract
from core.concurrency import expect_version
from core.periods import Month

from .choices import ApprovalStatus, Rating
from .due import ASSESSMENT_MONTHS
from .models import (
    ApprovedRecord,
    Assessment,
    AssessmentRating,
    BreachNotice,
    ContractDetails,
    Party,
)
from .permissions import may_approve
from .selectors import proposals


def procurement_details_save(
    *,
    contract: Contract,
    details: ContractDetails,
    authority: Party,
    supplier: Party,
    user,
    unchanged: Collection[Party | ContractDetails] = (),
) -> ContractDetails:
    """Save the contract's procurement details with the authority and the supplier as
    their notices name them (instances filled in by the details page's forms). A stored
    record in `unchanged` (its form left as shown) is not saved: saving it would bump its
    version, and so refuse someone else's save of a part this person did not touch."""
    with transaction.atomic():
        if authority.pk is None or authority not in unchanged:
            authority.save()
        supplier.supplier = contract.supplier
        if supplier.pk is None or supplier not in unchanged:
            supplier.save()
        if details.pk is None or details not in unchanged or details.buyer_id != authority.pk:
            details.contract = contract
            details.buyer = authority
            details.contract_identifier = details.contract_identifier.strip() or contract.reference
            details._change_reason = f"Saved by {user}"
            details.save()
    return details


# Assessments -----------------------------------------------------------------------------


def assessment_create(
    *, contract: Contract, start: Month, end: Month, final: bool, notes: str, user
) -> Assessment:
    """A draft assessment of start..end with, for each published KPI, the rating the
    rule proposes (confirmed until the contract manager changes it)."""
    _check_period(contract, start, end)
    found = proposals(contract, start, end)
    if not found:
        raise ValidationError(
            "No published KPI of the contract is live in this period: mark its key "
            "performance indicators under s.52 first."
        )
    with transaction.atomic():
        assessment = Assessment.objects.create(
            contract=contract,
            period_start=start.first_day,
            period_end=end.first_day,
            final=final,
            notes=notes.strip(),
            created_by=user,
        )
        bulk_create_with_history(
            [
                AssessmentRating(
                    assessment=assessment,
                    kpi=row.kpi,
                    proposed=row.proposal.rating,
                    rating=row.proposal.rating,
                    notes=row.proposal.notes,
                    green=row.proposal.green,
                    amber=row.proposal.amber,
                    red=row.proposal.red,
                    missing=row.proposal.missing,
                    mitigated=row.proposal.mitigated,
                )
                for row in found
            ],
            AssessmentRating,
            default_user=user,
            default_change_reason=f"Proposed by Oversight for {user}",
        )
    return assessment


def _check_period(contract: Contract, start: Month, end: Month) -> None:
    if end < start:
        raise ValidationError({"end": "The last month must not be before the first."})
    if end.months_since(start) >= ASSESSMENT_MONTHS:
        raise ValidationError({"end": "An assessment covers at most 12 months."})
    if start < Month.from_date(contract.start_date):
        raise ValidationError({"start": "The period must not start before the contract."})
    overlapping = Assessment.objects.for_contract(contract).filter(
        period_start__lte=end.first_day, period_end__gte=start.first_day
    )
    if overlapping.exists():
        raise ValidationError({"start": "This period overlaps another assessment's."})


def rating_update(
    *,
    rating: AssessmentRating,
    value: str,
    reason: str,
    explanation: str,
    notes: str,
    user,
    version: int | None = None,
) -> AssessmentRating:
    """Confirm or change one KPI's rating: a reason when it differs from the proposal,
    an explanation for Other."""
    expect_version(rating, version)
    _require_draft(rating.assessment)
    rating.rating = Rating(value)
    rating.reason = reason.strip() if rating.rating != rating.proposed else ""
    rating.explanation = explanation.strip()
    rating.notes = notes.strip()
    rating.full_clean(exclude=["assessment", "kpi"])
    with transaction.atomic():
        rating._change_reason = f"Rated by {user}"
        rating.save()
    return rating


def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    """Send a draft for approval: every rating must be complete."""
    _require_draft(assessment)
    problems = [
        f"{rating.kpi.code}: {message}"
        for rating in assessment.ratings.select_related("kpi")
        for message in _rating_problems(rating)
    ]
    if problems:
        raise ValidationError(problems)
    return _submit(assessment, user)


def _rating_problems(rating: AssessmentRating) -> list[str]:
    try:
        rating.clean()
    except ValidationError as error:
        return [message for messages in error.message_dict.values() for message in messages]
    return []


def assessment_return(*, assessment: Assessment, user) -> Assessment:
    """Send a submitted assessment back to draft, for the contract manager to change."""
    return _return(assessment, user)


def assessment_approve(*, assessment: Assessment, user) -> Assessment:
    return _approve(assessment, user)


def assessment_record_publication(
    *, assessment: Assessment, notice_id: str, published_on: date, user, version=None
) -> Assessment:
    return _record_publication(assessment, notice_id, published_on, user, version)


def assessment_delete(*, assessment: Assessment, user) -> None:
    """Delete a draft (an assessment made in error); submitted and approved ones stay."""
    _require_draft(assessment)
    with transaction.atomic():
        assessment._change_reason = f"Deleted by {user}"
        assessment.delete()


# Breach notices --------------------------------------------------------------------------


def breach_save(
    *,
    contract: Contract,
    breach: BreachNotice | None,
    user,
    kpis,
    resolutions,
    actions,
    version: int | None = None,
    **fields,
) -> BreachNotice:
    """Record a breach or failure to improve (`breach` None) or change a draft one."""
    if breach is None:
        breach = BreachNotice(contract=contract, created_by=user)
    else:
        expect_version(breach, version)
        _require_draft(breach)
    for name, value in fields.items():
        setattr(breach, name, value.strip() if isinstance(value, str) else value)
    _check_penalty(breach)
    _check_links(contract, kpis, resolutions, actions)
    with transaction.atomic():
        breach._change_reason = f"Saved by {user}"
        breach.save()
        breach.kpis.set(kpis)
        breach.resolutions.set(resolutions)
        breach.actions.set(actions)
    return breach


def _check_penalty(breach: BreachNotice) -> None:
    if breach.period_end is not None and breach.period_end < breach.period_start:
        raise ValidationError({"period_end": "The breach must not end before it started."})
    if breach.penalty_amount is not None and not breach.penalty_type:
        raise ValidationError(
            {"penalty_type": "Say whether the amount is damages, a penalty or a settlement."}
        )
    if breach.penalty_amount is not None and breach.penalty_amount < 0:
        raise ValidationError({"penalty_amount": "Enter an amount of £0 or more."})


def _check_links(contract: Contract, kpis, resolutions, actions) -> None:
    """Linked records must belong to the same contract (a form offers only those)."""
    linked = [
        *(kpi.contract_id for kpi in kpis),
        *(resolution.agenda_item.contract_id for resolution in resolutions),
        *(action.agenda_item.contract_id for action in actions),
    ]
    if any(contract_id != contract.pk for contract_id in linked):
        raise ValidationError("Link only KPIs, resolutions and actions of this contract.")


def breach_submit(*, breach: BreachNotice, user) -> BreachNotice:
    _require_draft(breach)
    return _submit(breach, user)


def breach_return(*, breach: BreachNotice, user) -> BreachNotice:
    return _return(breach, user)


def breach_approve(*, breach: BreachNotice, user) -> BreachNotice:
    return _approve(breach, user)


def breach_record_publication(
    *, breach: BreachNotice, notice_id: str, published_on: date, user, version=None
) -> BreachNotice:
    return _record_publication(breach, notice_id, published_on, user, version)


# The workflow both share ----------------------------------------------------------------


def _require_draft(record: ApprovedRecord) -> None:
    if record.status != ApprovalStatus.DRAFT:
        noun = record._meta.verbose_name
        raise ValidationError(
            f"This {noun} is {record.get_status_display().lower()}: only a draft can change."
        )


def _submit(record: ApprovedRecord, user) -> ApprovedRecord:
    with transaction.atomic():
        record.status = ApprovalStatus.SUBMITTED
        record.submitted_by = user
        record.submitted_at = timezone.now()
        record._change_reason = f"Submitted by {user}"
        record.save()
    return record


def _return(record: ApprovedRecord, user) -> ApprovedRecord:
    if record.status != ApprovalStatus.SUBMITTED:
        raise ValidationError("Only a submitted record can be returned to draft.")
    with transaction.atomic():
        record.status = ApprovalStatus.DRAFT
        record.submitted_by = None
        record.submitted_at = None
        record._change_reason = f"Returned to draft by {user}"
        record.save()
    return record


def _approve(record: ApprovedRecord, user) -> ApprovedRecord:
    """Four eyes: another contract manager of the contract, or an administrator; never
    the person who submitted it."""
    noun = record._meta.verbose_name
    if record.status != ApprovalStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted {noun} can be approved.")
    if record.submitted_by_id == user.pk:
        raise ValidationError(f"You submitted this {noun}: someone else must approve it.")
    if not may_approve(user, record.contract, record.submitted_by_id):
        raise ValidationError(
            f"Only a contract manager of {record.contract.reference} or an administrator "
            f"can approve this {noun}."
        )
    with transaction.atomic():
        record.status = ApprovalStatus.APPROVED
        record.approved_by = user
        record.approved_at = timezone.now()
        record._change_reason = f"Approved by {user}"
        record.save()
    return record


def _record_publication(
    record: ApprovedRecord, notice_id: str, published_on: date, user, version
) -> ApprovedRecord:
    expect_version(record, version)
    if record.status != ApprovalStatus.APPROVED:
        raise ValidationError("Record the notice once it is approved and published.")
    if published_on < timezone.localdate(record.approved_at):
        raise ValidationError({"published_on": "The notice cannot be published before approval."})
    with transaction.atomic():
        record.notice_id = notice_id.strip()
        record.notice_published_on = published_on
        record._change_reason = f"Publication recorded by {user}"
        record.save(update_fields=["notice_id", "notice_published_on"])
    return record
