"""Two people open the same record's edit form; Bob saves, then Alice saves. Alice is
told someone changed it since she opened it, Bob's change stays, nothing of Alice's is
saved, and her text is in the form shown again. Every edit form is walked."""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from contracts.choices import Role
from contracts.forms import ContractForm
from core.concurrency import EditConflict, VersionedFormMixin
from core.periods import Month
from imt_projects.forms import BenefitForm, RevisionForm
from kpis.forms import CorrectFigureForm, KPIForm, MitigationEndForm
from minutes.forms import ActionForm, AgendaItemForm, MeetingForm, ResolutionForm
from minutes.models import AgendaItem
from packs.choices import ReportKind
from packs.forms import NarrativeForm, ReportForm
from packs.models import NarrativeSection, Report
from procurement.choices import ApprovalStatus
from procurement.forms import (
    BreachForm,
    ContractDetailsForm,
    PartyForm,
    PublicationForm,
    RatingForm,
)
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AssessmentFactory,
    AssessmentRatingFactory,
    BenefitFactory,
    BreachNoticeFactory,
    ContractDetailsFactory,
    IMTProjectFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MitigationFactory,
    PartyFactory,
    ResolutionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOVEMBER_2018 = datetime(2018, 11, 15, 10, 42, tzinfo=ZoneInfo("Europe/London"))


@dataclass(frozen=True)
class EditForm:
    form: type
    url: Callable  # world -> the form's address
    role: str  # who edits: "manager" or "clerk"
    field: str  # what Bob and then Alice change
    stored: Callable  # world -> that field as stored now
    values: tuple = ("Bob's words", "Alice's words")
    extra: dict = field(default_factory=dict)  # other fields both fill in
    names_who: bool = True  # the record keeps a history, so the message names Bob


def _fresh(record):
    record.refresh_from_db()
    return record


EDIT_FORMS = [
    EditForm(
        ContractForm,
        lambda w: reverse("contracts:edit", args=[w.contract.reference]),
        "manager",
        "description",
        lambda w: _fresh(w.contract).description,
        names_who=False,
    ),
    EditForm(
        KPIForm,
        lambda w: w.kpi.get_absolute_url() + "edit/",
        "manager",
        "description",
        lambda w: _fresh(w.kpi).description,
    ),
    EditForm(
        MitigationEndForm,
        lambda w: reverse("kpis:mitigation_end", args=[w.contract.reference, w.mitigation.pk]),
        "manager",
        "end",
        lambda w: str(Month.from_date(_fresh(w.mitigation).end)),
        values=("2018-09", "2018-08"),
    ),
    EditForm(
        CorrectFigureForm,
        lambda w: reverse("kpis:figure_correct", args=[w.contract.reference, w.figure.pk]),
        "manager",
        "commentary",
        lambda w: _fresh(w.figure).commentary,
        extra={"reason": "Checked against the service desk report."},
        names_who=False,
    ),
    EditForm(
        MeetingForm,
        lambda w: reverse("minutes:meeting_edit", args=[w.item.meeting_id]),
        "clerk",
        "declarations_of_interest",
        lambda w: _fresh(w.item.meeting).declarations_of_interest,
    ),
    EditForm(
        AgendaItemForm,
        lambda w: reverse("minutes:item_edit", args=[w.item.pk]),
        "clerk",
        "minutes",
        lambda w: _fresh(w.item).minutes,
    ),
    EditForm(
        ResolutionForm,
        lambda w: reverse("minutes:resolution_edit", args=[w.resolution.pk]),
        "clerk",
        "text",
        lambda w: _fresh(w.resolution).text,
    ),
    EditForm(
        ActionForm,
        lambda w: reverse("minutes:action_edit", args=[w.action.pk]),
        "clerk",
        "closing_note",
        lambda w: _fresh(w.action).closing_note,
    ),
    EditForm(
        BenefitForm,
        lambda w: reverse("imt_projects:benefit_edit", args=[w.project.number, w.benefit.pk]),
        "manager",
        "realised",
        lambda w: _fresh(w.benefit).realised,
    ),
    EditForm(
        RevisionForm,
        lambda w: reverse("imt_projects:revise_go_live", args=[w.project.number]),
        "manager",
        "reason",
        lambda w: w.project.revisions.get().reason,
        extra={"new_date": "2019-01-21"},
    ),
    # The procurement details page edits the details and both parties at once.
    EditForm(
        ContractDetailsForm,
        lambda w: reverse("procurement:details", args=[w.contract.reference]),
        "manager",
        "contract-no_metrics_rationale",
        lambda w: _fresh(w.details).no_metrics_rationale,
    ),
    EditForm(
        PartyForm,
        lambda w: reverse("procurement:details", args=[w.contract.reference]),
        "manager",
        "supplier-legal_name",
        lambda w: _fresh(w.supplier_party).legal_name,
    ),
    EditForm(
        RatingForm,
        lambda w: reverse(
            "procurement:rating", args=[w.contract.reference, w.rating.assessment_id, w.rating.pk]
        ),
        "manager",
        "notes",
        lambda w: _fresh(w.rating).notes,
    ),
    EditForm(
        PublicationForm,
        lambda w: reverse("procurement:publication", args=[w.contract.reference, w.approved.pk]),
        "manager",
        "notice_id",
        lambda w: _fresh(w.approved).notice_id,
        values=("024512-2018", "024513-2018"),
        extra={"published_on": "2018-11-01"},
    ),
    EditForm(
        BreachForm,
        lambda w: reverse("procurement:breach_edit", args=[w.contract.reference, w.breach.pk]),
        "manager",
        "description",
        lambda w: _fresh(w.breach).description,
    ),
    EditForm(
        ReportForm,
        lambda w: reverse("packs:report_edit", args=[w.item.pk]),
        "manager",
        "purpose",
        lambda w: _fresh(w.report).purpose,
    ),
    EditForm(
        NarrativeForm,
        lambda w: reverse("packs:narrative_edit", args=[w.narrative.pk]),
        "manager",
        "text",
        lambda w: _fresh(w.narrative).text,
    ),
]


@pytest.fixture
def world(contract, member, officer):
    kpi = KPIFactory(contract=contract, service_area=contract.service_areas.first())
    KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
    item = AgendaItemFactory(contract=contract)
    project = IMTProjectFactory(contract=contract)
    supplier_party = PartyFactory(supplier=contract.supplier, legal_name=contract.supplier.name)
    managers = [member(contract, Role.CONTRACT_MANAGER, username=n) for n in ("alice", "bob")]
    item.meeting.board.members.add(*managers)  # they write the item's report
    report = Report.objects.create(
        agenda_item=item,
        kind=ReportKind.QUARTERLY,
        title="Contract performance",
        officer="Chief Commercial Officer",
        author=officer,
        range_start=date(2018, 7, 1),
        range_end=date(2018, 9, 1),
    )
    return SimpleNamespace(
        contract=contract,
        kpi=kpi,
        figure=KPIFigureFactory(
            kpi=kpi, period=date(2018, 9, 1), state="approved", entered_by=officer
        ),
        mitigation=MitigationFactory(kpi=kpi, start=date(2018, 7, 1), end=None),
        item=item,
        resolution=ResolutionFactory(agenda_item=item),
        action=ActionFactory(agenda_item=item),
        project=project,
        benefit=BenefitFactory(project=project),
        details=ContractDetailsFactory(contract=contract),
        supplier_party=supplier_party,
        rating=AssessmentRatingFactory(
            assessment=AssessmentFactory(contract=contract), kpi=kpi, notes=""
        ),
        approved=AssessmentFactory(
            contract=contract,
            status=ApprovalStatus.APPROVED,
            approved_at=datetime(2018, 10, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")),
        ),
        breach=BreachNoticeFactory(contract=contract),
        report=report,
        narrative=NarrativeSection.objects.create(
            report=report, position=1, heading="Summary", text="Performance held up."
        ),
        manager=managers,
        clerk=[UserFactory(username=f"{n}-clerk", groups=["Clerks"]) for n in ("alice", "bob")],
    )


def form_data(response) -> dict:
    """What the form sends back unchanged: every field the page filled in."""
    data = {}
    for form in response.context.get("all_forms") or [response.context["form"]]:
        for bound in form:
            value = bound.value()
            if not bound.field.disabled and value is not None:
                data[bound.html_name] = value
    return data


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("edit", EDIT_FORMS, ids=lambda edit: edit.form.__name__)
def test_an_edit_form_refuses_to_save_over_someone_elses_change(world, edit):
    alice, bob = (signed_in(user) for user in getattr(world, edit.role))
    bob_user = getattr(world, edit.role)[1]
    bob_user.first_name, bob_user.last_name = "Bob", "Baker"
    bob_user.save()
    bobs, alices = edit.values
    url = edit.url(world)
    with time_machine.travel(NOVEMBER_2018, tick=False):
        alice_saw = form_data(alice.get(url))
        bob_saw = form_data(bob.get(url))
        assert bob.post(url, {**bob_saw, **edit.extra, edit.field: bobs}).status_code == 302
        response = alice.post(url, {**alice_saw, **edit.extra, edit.field: alices})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "since you opened" in html.unescape(page)
    assert html.escape(alices) in page  # her text, kept in the form
    assert edit.stored(world) == bobs  # his change, intact
    if edit.names_who:
        assert "Bob Baker changed this" in html.unescape(page)
        assert "at 10:42am on 15 November 2018" in page  # the house time, GOV.UK style


def test_saving_again_after_the_conflict_replaces_the_other_change(world):
    alice, bob = (signed_in(user) for user in world.clerk)
    url = reverse("minutes:item_edit", args=[world.item.pk])
    alice_saw, bob_saw = form_data(alice.get(url)), form_data(bob.get(url))
    bob.post(url, {**bob_saw, "minutes": "Bob's minutes"})
    conflict = alice.post(url, {**alice_saw, "minutes": "Alice's minutes"})

    assert alice.post(url, form_data(conflict)).status_code == 302
    assert _fresh(world.item).minutes == "Alice's minutes"
    assert world.item.history.filter(minutes="Bob's minutes").exists()


def test_an_edit_without_its_version_is_refused_as_out_of_date(world):
    clerk = signed_in(world.clerk[0])
    url = reverse("minutes:item_edit", args=[world.item.pk])
    data = form_data(clerk.get(url))
    del data["version"]
    response = clerk.post(url, {**data, "minutes": "Unsure what I overwrite"})
    assert "This page is out of date" in response.content.decode()
    assert _fresh(world.item).minutes == ""


def _project_forms() -> set[type]:
    """Every form class the project defines, once the URLs (and so the views) load."""
    import_module(settings.ROOT_URLCONF)
    ours = {c.name for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))}
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ours:
            found.add(cls)
    return found


def test_every_edit_form_is_walked():
    walked = {edit.form for edit in EDIT_FORMS}
    for form in _project_forms():
        model = getattr(getattr(form, "_meta", None), "model", None)
        tracked = model is not None and hasattr(model._meta, "simple_history_manager_attribute")
        versioned = issubclass(form, VersionedFormMixin)
        assert not (tracked or versioned) or form in walked, (
            f"{form.__name__} edits {model or 'a record'}: add it to EDIT_FORMS"
        )


def test_saving_a_stale_copy_of_a_record_raises_and_saves_nothing(world):
    mine, theirs = (AgendaItem.objects.get(pk=world.item.pk) for _ in range(2))
    theirs.minutes = "Theirs"
    theirs.save()
    mine.minutes = "Mine"
    with pytest.raises(EditConflict):
        mine.save()
    assert _fresh(world.item).minutes == "Theirs"
    assert world.item.version == 2


def test_a_conflict_on_the_procurement_details_names_the_part_changed_and_saving_again_works(
    world,
):
    """The page edits the details and both parties: Bob changed only the details, so the
    conflict is about the details, and Alice's second save goes through."""
    alice, bob = (signed_in(user) for user in world.manager)
    url = reverse("procurement:details", args=[world.contract.reference])
    alice_saw, bob_saw = form_data(alice.get(url)), form_data(bob.get(url))
    bob.post(url, {**bob_saw, "contract-no_metrics_rationale": "Bob's reason"})
    conflict = alice.post(url, {**alice_saw, "contract-no_metrics_rationale": "Alice's reason"})

    page = html.unescape(conflict.content.decode())
    assert "changed this contract details since you opened it" in page
    assert "changed: Why fewer than three KPIs" in page  # its label, as written
    assert alice.post(url, form_data(conflict)).status_code == 302
    assert _fresh(world.details).no_metrics_rationale == "Alice's reason"
