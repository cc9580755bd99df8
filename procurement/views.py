"""The Procurement Act pages of a contract: its assessments and breach notices, the
procurement details the notices name, and the approval steps (docs/procurement-act.md)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from contracts.permissions import get_contract_or_404, require
from core.forms import add_service_errors, form_saved
from core.history import HistoryTable

from . import selectors, services
from .choices import ApprovalStatus
from .forms import (
    AssessmentForm,
    BreachForm,
    ContractDetailsForm,
    PartyForm,
    PublicationForm,
    RatingForm,
)
from .history import assessment_history, breach_history
from .models import ContractDetails, Party
from .permissions import can_approve, can_draft, can_read
from .tables import AssessmentTable, BreachTable

# Each approval step: its service, who may take it, and what the person is told after.
ASSESSMENT_STEPS = {
    "submit": (services.assessment_submit, can_draft, "Assessment submitted for approval."),
    "approve": (services.assessment_approve, None, "Assessment approved."),
    "return": (services.assessment_return, can_draft, "Assessment returned to draft."),
    "delete": (services.assessment_delete, can_draft, "Draft assessment deleted."),
}
BREACH_STEPS = {
    "submit": (services.breach_submit, can_draft, "Breach notice submitted for approval."),
    "approve": (services.breach_approve, None, "Breach notice approved."),
    "return": (services.breach_return, can_draft, "Breach notice returned to draft."),
}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _reader_contract(request, reference):
    """The contract (404 for non-members), for a person allowed to read its notices."""
    contract = get_contract_or_404(request.user, reference)
    require(can_read(request.user, contract))
    return contract


def _drafter_contract(request, reference):
    contract = get_contract_or_404(request.user, reference)
    require(can_draft(request.user, contract))
    return contract


def _not_a_draft(request, record):
    """Back to the record's page: only a draft changes (return a submitted one first)."""
    noun = record._meta.verbose_name
    messages.error(
        request, f"This {noun} is {record.get_status_display().lower()}: only a draft changes."
    )
    return redirect(record)


def _allowed(request, record, who) -> bool:
    """Whether the person may take a step: `who` a rule on the contract, or None for
    approval (the four-eyes rule)."""
    if who is None:
        return can_approve(request.user, record)
    return who(request.user, record.contract)


@require_GET
def assessment_list(request, reference):
    contract = _reader_contract(request, reference)
    here = reverse("procurement:list", args=[contract.reference])
    drafter = can_draft(request.user, contract)
    return render(
        request,
        "procurement/assessment_list.html",
        {
            "contract": contract,
            "details": selectors.contract_details(contract),
            "warnings": selectors.contract_warnings(contract, timezone.localdate(), url=here)
            if drafter
            else [],
            "next_due": selectors.next_due(contract),
            "published_kpis": selectors.published_kpis(contract),
            "assessments": AssessmentTable(selectors.assessments(contract, request.user)),
            "breaches": BreachTable(selectors.breaches(contract, request.user)),
            "can_draft": drafter,
        },
    )


@require_http_methods(["GET", "POST"])
def details_edit(request, reference):
    contract = _drafter_contract(request, reference)
    details = selectors.contract_details(contract) or ContractDetails(
        contract=contract, contract_identifier=contract.reference
    )
    authority = details.buyer if details.pk else _authority_of(contract)
    supplier = getattr(contract.supplier, "party", None) or Party(legal_name=contract.supplier.name)
    data = _posted(request)
    forms = {
        "details": ContractDetailsForm(data, instance=details, prefix="contract"),
        "authority": PartyForm(data, instance=authority, prefix="authority", who="Authority"),
        "supplier": PartyForm(data, instance=supplier, prefix="supplier", who="Supplier"),
    }
    valid = [form.is_valid() for form in forms.values()]  # every form, to show every error
    if data is not None and all(valid):
        try:
            services.procurement_details_save(
                contract=contract,
                details=forms["details"].save(commit=False),
                authority=forms["authority"].save(commit=False),
                supplier=forms["supplier"].save(commit=False),
                user=request.user,
                unchanged=[
                    form.instance
                    for form in forms.values()
                    if not set(form.changed_data) - {"version"}
                ],
            )
        except ValidationError as error:
            # A conflict belongs to the form of the record someone else changed: that
            # form then carries the record's current version.
            edited = getattr(error, "record", None)
            owner = next((f for f in forms.values() if f.instance is edited), forms["details"])
            add_service_errors(owner, error)
        else:
            messages.success(request, "Procurement details saved.")
            return redirect("procurement:list", contract.reference)
    return render(
        request,
        "procurement/details_form.html",
        {
            "contract": contract,
            "forms": forms,
            "all_forms": list(forms.values()),
            "has_errors": any(form.errors for form in forms.values()),
        },
    )


def _authority_of(contract) -> Party:
    """The authority's party when another contract already names it, or a new one."""
    known = Party.objects.filter(legal_name=contract.authority, supplier__isnull=True).first()
    return known or Party(legal_name=contract.authority)


@require_http_methods(["GET", "POST"])
def assessment_create(request, reference):
    contract = _drafter_contract(request, reference)
    period = selectors.default_period(contract)
    form = AssessmentForm(_posted(request), initial={"start": period.start, "end": period.end})
    created = {}

    def create(data):
        created["assessment"] = services.assessment_create(
            contract=contract, user=request.user, **data
        )

    if form_saved(form, create):
        messages.success(request, "Draft assessment created with the proposed ratings.")
        return redirect(created["assessment"])
    return render(request, "procurement/assessment_form.html", {"contract": contract, "form": form})


@require_GET
def assessment_detail(request, reference, assessment_id):
    contract = _reader_contract(request, reference)
    assessment = selectors.assessment_or_404(contract, request.user, assessment_id)
    drafter = can_draft(request.user, contract)
    ratings = list(selectors.ratings_of(assessment))
    history = HistoryTable(assessment_history(assessment, ratings), prefix="history-")
    RequestConfig(request, paginate={"per_page": 25}).configure(history)
    return render(
        request,
        "procurement/assessment_detail.html",
        {
            "contract": contract,
            "assessment": assessment,
            "ratings": ratings,
            "history": history,
            "can_edit": drafter and assessment.status == ApprovalStatus.DRAFT,
            "can_submit": drafter and assessment.status == ApprovalStatus.DRAFT,
            "can_return": drafter and assessment.status == ApprovalStatus.SUBMITTED,
            "can_approve": can_approve(request.user, assessment),
            "can_publish": drafter and assessment.is_approved,
        },
    )


@require_http_methods(["GET", "POST"])
def rating_edit(request, reference, assessment_id, rating_id):
    contract = _drafter_contract(request, reference)
    assessment = selectors.assessment_or_404(contract, request.user, assessment_id)
    rating = get_object_or_404(selectors.ratings_of(assessment), pk=rating_id)
    if assessment.status != ApprovalStatus.DRAFT:
        return _not_a_draft(request, assessment)
    form = RatingForm(
        _posted(request),
        rating=rating,
        initial={
            "value": rating.rating,
            "reason": rating.reason,
            "explanation": rating.explanation,
            "notes": rating.notes,
        },
    )
    if form_saved(
        form, lambda data: services.rating_update(rating=rating, user=request.user, **data)
    ):
        messages.success(request, f"Rating of {rating.kpi.code} saved.")
        return redirect(assessment)
    return render(
        request,
        "procurement/rating_form.html",
        {"contract": contract, "assessment": assessment, "rating": rating, "form": form},
    )


@require_POST
def assessment_step(request, reference, assessment_id, step):
    # Every step is a contract manager's or an administrator's: refused (403) before the
    # record is looked up, so a reader learns nothing of records they cannot see.
    contract = _drafter_contract(request, reference)
    assessment = selectors.assessment_or_404(contract, request.user, assessment_id)
    service, who, done = ASSESSMENT_STEPS[step]
    require(_allowed(request, assessment, who))
    try:
        service(assessment=assessment, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(assessment)
    messages.success(request, done)
    if step == "delete":
        return redirect("procurement:list", contract.reference)
    return redirect(assessment)


@require_http_methods(["GET", "POST"])
def assessment_publication(request, reference, assessment_id):
    contract = _drafter_contract(request, reference)
    assessment = selectors.assessment_or_404(contract, request.user, assessment_id)
    form = _publication_form(request, assessment)
    if form_saved(
        form,
        lambda data: services.assessment_record_publication(
            assessment=assessment, user=request.user, **data
        ),
    ):
        messages.success(request, "Publication recorded.")
        return redirect(assessment)
    return render(
        request,
        "procurement/publication_form.html",
        {"contract": contract, "record": assessment, "form": form},
    )


def _publication_form(request, record) -> PublicationForm:
    return PublicationForm(
        _posted(request),
        record=record,
        initial={"notice_id": record.notice_id, "published_on": record.notice_published_on},
    )


# Breach notices --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def breach_create(request, reference):
    contract = _drafter_contract(request, reference)
    return _breach_form(request, contract, None)


@require_http_methods(["GET", "POST"])
def breach_edit(request, reference, breach_id):
    contract = _drafter_contract(request, reference)
    breach = selectors.breach_or_404(contract, request.user, breach_id)
    if breach.status != ApprovalStatus.DRAFT:
        return _not_a_draft(request, breach)
    return _breach_form(request, contract, breach)


def _breach_form(request, contract, breach):
    form = BreachForm(_posted(request), instance=breach, contract=contract, user=request.user)
    saved = {}

    def save(data):
        saved["breach"] = services.breach_save(
            contract=contract, breach=breach, user=request.user, **data
        )

    if form_saved(form, save):
        messages.success(request, "Breach notice saved.")
        return redirect(saved["breach"])
    return render(
        request,
        "procurement/breach_form.html",
        {"contract": contract, "breach": breach, "form": form},
    )


@require_GET
def breach_detail(request, reference, breach_id):
    contract = _reader_contract(request, reference)
    breach = selectors.breach_or_404(contract, request.user, breach_id)
    drafter = can_draft(request.user, contract)
    history = HistoryTable(breach_history(breach), prefix="history-")
    RequestConfig(request, paginate={"per_page": 25}).configure(history)
    return render(
        request,
        "procurement/breach_detail.html",
        {
            "contract": contract,
            "breach": breach,
            "links": selectors.breach_links(breach, request.user),
            "history": history,
            "can_edit": drafter and breach.status == ApprovalStatus.DRAFT,
            "can_return": drafter and breach.status == ApprovalStatus.SUBMITTED,
            "can_approve": can_approve(request.user, breach),
            "can_publish": drafter and breach.is_approved,
        },
    )


@require_POST
def breach_step(request, reference, breach_id, step):
    # Every step is a contract manager's or an administrator's: refused (403) before the
    # record is looked up, so a reader learns nothing of records they cannot see.
    contract = _drafter_contract(request, reference)
    breach = selectors.breach_or_404(contract, request.user, breach_id)
    service, who, done = BREACH_STEPS[step]
    require(_allowed(request, breach, who))
    try:
        service(breach=breach, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(breach)


@require_http_methods(["GET", "POST"])
def breach_publication(request, reference, breach_id):
    contract = _drafter_contract(request, reference)
    breach = selectors.breach_or_404(contract, request.user, breach_id)
    form = _publication_form(request, breach)
    if form_saved(
        form,
        lambda data: services.breach_record_publication(breach=breach, user=request.user, **data),
    ):
        messages.success(request, "Publication recorded.")
        return redirect(breach)
    return render(
        request,
        "procurement/publication_form.html",
        {"contract": contract, "record": breach, "form": form},
    )
