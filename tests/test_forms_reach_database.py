"""Every field a form shows reaches the database when it is submitted through its page.

A form that offers a choice its view or service then drops (the resolution form's IMT
project once was) fails here. Each case opens the real page, fills every field the
browser would send with a value other than the one shown, posts it and reads the record
back. Every form class of the project is a case here or is named as saving nothing.
"""

import ast
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.choices import ContractStatus
from contracts.forms import ContractForm
from core.periods import Month
from imt_projects.choices import RAG, BenefitStatus, Stage
from imt_projects.forms import BenefitForm, RevisionForm, UpdateForm
from kpis.choices import FigureState, Frequency, Polarity, Unit, UploadKind
from kpis.forms import (
    CorrectFigureForm,
    KPIForm,
    MitigationEndForm,
    MitigationForm,
    ReturnFigureForm,
    TargetForm,
    UploadForm,
)
from kpis.models import KPIFigure
from kpis.return_form import FigureRowForm
from minutes.choices import ActionStatus, MeetingStatus
from minutes.forms import (
    ActionForm,
    AgendaItemForm,
    ConfirmMinutesForm,
    MeetingForm,
    ResolutionForm,
)
from procurement.choices import ApprovalStatus, BreachKind, PenaltyType, Rating
from procurement.forms import (
    AssessmentForm,
    BreachForm,
    ContractDetailsForm,
    PartyForm,
    PublicationForm,
    RatingForm,
)
from procurement.models import ContractDetails, Party
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AssessmentFactory,
    AssessmentRatingFactory,
    BenefitFactory,
    BoardFactory,
    ContractDetailsFactory,
    ContractFactory,
    IMTProjectFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MeetingFactory,
    MitigationFactory,
    PartyFactory,
    ResolutionFactory,
    SupplierFactory,
)
from tests.htmlforms import page_forms

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = {
    "core",
    "contracts",
    "kpis",
    "imt_projects",
    "minutes",
    "procurement",
    "dashboards",
    "demo",
}

# Forms that find or send, and write no record of the project's.
NON_SAVING = {
    "MonthChoiceForm",  # opens another month's return
    "SearchForm",  # searches the minutes
    "PasswordResetForm",  # sends an e-mail; Django's own form does the work
}


@dataclass
class Case:
    user: object
    page: str  # the page that shows the form
    values: dict  # field -> what a person types or picks; a file: (name, bytes)
    stored: object  # () -> the saved values, as they were posted


def _posted(value) -> str:
    """A stored value as the browser posted it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _fields_of(record, values) -> dict:
    record.refresh_from_db()
    return {name: _posted(getattr(record, name)) for name in values}


# Contracts ---------------------------------------------------------------------------


def contract_form(contract, manager, administrator, **_):
    supplier = SupplierFactory(name="Capita plc")
    ContractFactory(reference="OTHER", supplier=supplier)  # a supplier the admin may pick
    values = {
        "title": "Customer services and IMT",
        "authority": "Barnet Council",
        "supplier": str(supplier.pk),
        "status": ContractStatus.EXIT,
        "start_date": "2013-09-01",
        "end_date": "2023-08-31",
        "annual_value": "12345678.5",
        "description": "Ten-year partnership.",
        "return_deadline_working_days": "7",
        "auto_close_months": "",
        "separate_duties": "",
    }
    page = reverse("contracts:edit", args=[contract.reference])
    return Case(administrator, page, values, lambda: _fields_of(contract, values))


# KPIs --------------------------------------------------------------------------------


def kpi_form(contract, manager, **_):
    area = contract.service_areas.get(name="IMT")
    values = {
        "code": "IMT9",
        "name": "Calls answered",
        "description": "Within 20 seconds.",
        "service_area": str(area.pk),
        "unit": Unit.NUMBER,
        "polarity": Polarity.LOWER,
        "frequency": Frequency.QUARTERLY,
        "contractual": "",
        "published": "on",
        "min_value": "1",
        "max_value": "50",
        "decimal_places": "2",
        "live_from": "2018-04",
        "retired_from": "2020-04",
    }

    def stored():
        kpi = contract.kpis.get(code="IMT9")
        saved = _fields_of(kpi, values)
        saved["live_from"], saved["retired_from"] = "2018-04", kpi.retired_from.strftime("%Y-%m")
        assert kpi.live_from == date(2018, 4, 1)
        return saved

    return Case(manager, reverse("kpis:create", args=[contract.reference]), values, stored)


def target_form(contract, manager, **_):
    kpi = KPIFactory(contract=contract, code="CS1", unit="percent", polarity="higher")
    values = {
        "effective_from": "2019-04",
        "target": "95",
        "minimum": "90",
        "variation_reference": "CCN 42",
    }

    def stored():
        target = kpi.targets.get(effective_from=date(2019, 4, 1))
        saved = _fields_of(target, ["target", "minimum", "variation_reference"])
        return {"effective_from": "2019-04", **saved}

    page = reverse("kpis:target_create", args=[contract.reference, kpi.code])
    return Case(manager, page, values, stored)


def mitigation_form(contract, manager, **_):
    kpi = KPIFactory(contract=contract, code="CS1")
    values = {
        "start": "2019-01",
        "end": "2019-03",
        "reason": "Two systems are not integrated.",
        "agreed_by": "Partnership Board",
        "agreed_on": "2019-02-14",
    }

    def stored():
        mitigation = kpi.mitigations.get()
        saved = _fields_of(mitigation, ["reason", "agreed_by", "agreed_on"])
        return {"start": f"{mitigation.start:%Y-%m}", "end": f"{mitigation.end:%Y-%m}", **saved}

    page = reverse("kpis:mitigation_create", args=[contract.reference, kpi.code])
    return Case(manager, page, values, stored)


def mitigation_end_form(contract, manager, **_):
    kpi = KPIFactory(contract=contract, code="CS1")
    mitigation = MitigationFactory(kpi=kpi, start=date(2019, 1, 1), end=None)
    values = {"end": "2019-06"}

    def stored():
        mitigation.refresh_from_db()
        return {"end": f"{mitigation.end:%Y-%m}"}

    page = reverse("kpis:mitigation_end", args=[contract.reference, mitigation.pk])
    return Case(manager, page, values, stored)


def _figure(contract, state, **fields):
    kpi = KPIFactory(contract=contract, code="CS1", unit=Unit.PERCENT)
    fields = {"period": date(2018, 8, 1), "value": Decimal("80"), "commentary": "", **fields}
    return KPIFigureFactory(kpi=kpi, state=state, **fields)


def return_figure_form(contract, manager, officer, **_):
    figure = _figure(contract, FigureState.SUBMITTED, entered_by=officer, submitted_by=officer)
    values = {"comment": "The numerator counts September too."}

    def stored():
        figure.refresh_from_db()
        assert figure.state == FigureState.DRAFT
        return {"comment": figure.returned_comment}

    page = reverse("kpis:figure_return", args=[contract.reference, figure.pk])
    return Case(manager, page, values, stored)


def correct_figure_form(contract, manager, officer, **_):
    # Entered and submitted by an officer: the manager may correct it (separation of duties).
    figure = _figure(
        contract,
        FigureState.APPROVED,
        entered_by=officer,
        submitted_by=officer,
        commentary="As reported.",
    )
    values = {
        "value": "85.5",
        "commentary": "Recounted.",
        "reason": "Two calls were counted twice.",
    }

    def stored():
        figure.refresh_from_db()
        return {
            "value": _posted(figure.value),
            "commentary": figure.commentary,
            "reason": figure.correction_reason,
        }

    page = reverse("kpis:figure_correct", args=[contract.reference, figure.pk])
    return Case(manager, page, values, stored)


def upload_form(contract, officer, **_):
    values = {"file": ("CSSC-return-2018-10.csv", b"KPI code,Value\r\nCS1,96.5\r\n")}

    def stored():
        upload = contract.uploads.get()
        assert (upload.kind, upload.month) == (UploadKind.RETURNS, Month(2018, 10))
        assert upload.uploaded_by == officer
        return {"file": (upload.filename, bytes(upload.data))}

    page = reverse("kpis:upload_new", args=[contract.reference, "2018-10"])
    return Case(officer, page, values, stored)


def figure_row_form(contract, officer, **_):
    # A draft already entered: the row shows it, with its version hidden.
    area = contract.service_areas.get(name="IMT")
    kpi = KPIFactory(contract=contract, service_area=area, code="CS1", unit=Unit.PERCENT)
    figure = KPIFigureFactory(
        kpi=kpi,
        period=date(2018, 10, 1),
        state=FigureState.DRAFT,
        value=Decimal("80"),
        numerator=Decimal("160"),
        denominator=Decimal("200"),
        commentary="First count.",
        entered_by=officer,
    )
    prefix = f"kpi-{kpi.pk}-"
    values = {
        f"{prefix}value": "96.5",
        f"{prefix}commentary": "All resolved.",
        f"{prefix}numerator": "193",
        f"{prefix}denominator": "200",
    }

    def stored():
        saved = KPIFigure.objects.get(pk=figure.pk)
        assert saved.version == figure.version + 1  # the hidden version was checked
        names = ["value", "commentary", "numerator", "denominator"]
        return {f"{prefix}{name}": _posted(getattr(saved, name)) for name in names}

    return Case(
        officer, reverse("kpis:return", args=[contract.reference, "2018-10"]), values, stored
    )


# IMT projects -----------------------------------------------------------------------


def revision_form(contract, manager, **_):
    project = IMTProjectFactory(contract=contract, number=277)
    values = {
        "new_date": "2019-11-30",
        "reason": "An additional testing phase.",
        "reported_to": "Partnership Board, September 2018",
    }

    def stored():
        return _fields_of(project.revisions.get(), values)

    page = reverse("imt_projects:revise_go_live", args=[277])
    return Case(manager, page, values, stored)


def update_form(contract, manager, **_):
    project = IMTProjectFactory(contract=contract, number=277)
    values = {
        "month": "2018-10",
        "stage": Stage.BUILD,
        "rag": RAG.AMBER,
        "rag_reason": "Supplier late.",
        "narrative": "Testing started.",
    }

    def stored():
        update = project.updates.get()
        saved = _fields_of(update, ["stage", "rag", "rag_reason", "narrative"])
        return {"month": f"{update.month:%Y-%m}", **saved}

    page = reverse("imt_projects:record_update", args=[277])
    return Case(manager, page, values, stored)


def benefit_form(contract, manager, **_):
    project = IMTProjectFactory(contract=contract, number=277)
    benefit = BenefitFactory(project=project)
    values = {
        "description": "Fewer paper forms.",
        "measure": "Forms a month",
        "baseline": "1000",
        "target": "100",
        "realised": "400",
        "review_date": "2019-06-30",
        "status": BenefitStatus.ON_TRACK,
    }
    page = reverse("imt_projects:benefit_edit", args=[277, benefit.pk])
    return Case(manager, page, values, lambda: _fields_of(benefit, values))


# Minutes ----------------------------------------------------------------------------


def meeting_form(clerk, **_):
    board = BoardFactory(name="Partnership Board")
    meeting = MeetingFactory(board=BoardFactory(name="Another board"))
    values = {
        "board": str(board.pk),
        "date": "2018-09-27",
        "start_time": "14:30",
        "place": "Hendon Town Hall",
        "chair": "Cllr Thomas",
        "status": MeetingStatus.HELD,
        "members_present": "Cllr Thomas",
        "apologies": "Cllr Cohen",
        "officers_in_attendance": "Chief Executive",
        "declarations_of_interest": "None.",
    }
    page = reverse("minutes:meeting_edit", args=[meeting.pk])
    return Case(clerk, page, values, lambda: _fields_of(meeting, values))


def agenda_item_form(contract, clerk, **_):
    item = AgendaItemFactory(number=1)
    values = {
        "number": "4",
        "title": "Quarterly performance report",
        "purpose": "To note performance.",
        "report_by": "Chief Commercial Officer",
        "contract": str(contract.pk),
        "pages": "5-42",
        "minutes": "The board noted the report.",
        "points": "Calls answered late",
        "exempt": "on",
    }
    page = reverse("minutes:item_edit", args=[item.pk])
    return Case(clerk, page, values, lambda: _fields_of(item, values))


def resolution_form(contract, clerk, **_):
    item = AgendaItemFactory(contract=contract)
    kpi = KPIFactory(contract=contract, code="CS1")
    project = IMTProjectFactory(contract=contract, number=277)
    values = {"text": "That progress be noted.", "kpi": str(kpi.pk), "imt_project": str(project.pk)}

    def stored():
        return _fields_of(item.resolutions.get(), values)

    return Case(clerk, reverse("minutes:resolution_create", args=[item.pk]), values, stored)


def resolution_edit_form(contract, clerk, **_):
    item = AgendaItemFactory(contract=contract)
    resolution = ResolutionFactory(agenda_item=item, number=1, text="That it be noted.")
    kpi = KPIFactory(contract=contract, code="CS1")
    project = IMTProjectFactory(contract=contract, number=277)
    values = {"text": "That progress be noted.", "kpi": str(kpi.pk), "imt_project": str(project.pk)}
    page = reverse("minutes:resolution_edit", args=[resolution.pk])
    return Case(clerk, page, values, lambda: _fields_of(resolution, values))


def action_form(contract, clerk, **_):
    item = AgendaItemFactory(contract=contract)
    resolution = ResolutionFactory(agenda_item=item, number=1)
    kpi = KPIFactory(contract=contract, code="CS1")
    project = IMTProjectFactory(contract=contract, number=277)
    values = {
        "resolution": str(resolution.pk),
        "description": "Report the new go-live date.",
        "owner": "Head of IMT",
        "due_date": "2018-12-31",
        "status": ActionStatus.IN_PROGRESS,
        "closing_note": "Started.",
        "kpi": str(kpi.pk),
        "imt_project": str(project.pk),
    }

    def stored():
        return _fields_of(item.actions.get(), values)

    return Case(clerk, reverse("minutes:action_create", args=[item.pk]), values, stored)


def confirm_minutes_form(clerk, **_):
    board = BoardFactory()
    meeting = MeetingFactory(board=board, date=date(2018, 9, 27), status=MeetingStatus.HELD)
    MeetingFactory(board=board, date=date(2018, 10, 25))
    later = MeetingFactory(board=board, date=date(2018, 11, 29))
    values = {"confirmed_at": str(later.pk)}
    page = reverse("minutes:minutes_confirm", args=[meeting.pk])
    return Case(clerk, page, values, lambda: _fields_of(meeting, values))


# Procurement Act -----------------------------------------------------------------------


PARTY_FIELDS = (
    "legal_name",
    "identifier_scheme",
    "identifier_id",
    "street_address",
    "locality",
    "postal_code",
    "country_name",
    "email",
)


def _details_values() -> dict:
    return {
        "contract-procurement_title": "Corporate support services",
        "contract-value": "250000000",
        "contract-above_threshold": "",
        "contract-ocid": "ocds-h6vhtk-04f1a2",
        "contract-contract_notice_id": "012345-2025",
        "contract-contract_identifier": "CSSC-2017",
        "contract-no_metrics_rationale": "Two KPIs measure the whole service.",
        "authority-legal_name": "Example County Council",
        "authority-identifier_scheme": "GB-LAE",
        "authority-identifier_id": "EXC",
        "authority-street_address": "County Hall",
        "authority-locality": "Northampton",
        "authority-postal_code": "NN1 1ED",
        "authority-country_name": "England",
        "authority-email": "procurement@example.gov.uk",
        "supplier-legal_name": "Example Services Limited",
        "supplier-identifier_scheme": "GB-COH",
        "supplier-identifier_id": "SC123456",
        "supplier-street_address": "1 Victoria Street",
        "supplier-locality": "London",
        "supplier-postal_code": "SW1H 0ET",
        "supplier-country_name": "United Kingdom",
        "supplier-email": "contracts@example.com",
    }


def _details_stored(contract, values):
    def stored():
        details = ContractDetails.objects.get(contract=contract)
        records = {
            "contract": details,
            "authority": details.buyer,
            "supplier": Party.objects.get(supplier=contract.supplier_id),
        }
        return {
            name: _posted(getattr(records[name.split("-")[0]], name.split("-")[1]))
            for name in values
        }

    return stored


def details_form(contract, manager, **_):
    values = _details_values()
    page = reverse("procurement:details", args=[contract.reference])
    return Case(manager, page, values, _details_stored(contract, values))


def details_edit_form(contract, manager, **_):
    PartyFactory(supplier=contract.supplier)
    ContractDetailsFactory(contract=contract)
    values = _details_values()
    page = reverse("procurement:details", args=[contract.reference])
    return Case(manager, page, values, _details_stored(contract, values))


def _published_kpi(contract):
    kpi = KPIFactory(contract=contract, code="CS1", published=True)
    KPITargetFactory(kpi=kpi)
    return kpi


def assessment_form(contract, manager, **_):
    _published_kpi(contract)
    values = {"start": "2017-06", "end": "2018-03", "final": "on", "notes": "The first year."}

    def stored():
        assessment = contract.assessments.get()
        return {
            "start": str(assessment.start_month),
            "end": str(assessment.end_month),
            "final": _posted(assessment.final),
            "notes": assessment.notes,
        }

    return Case(manager, reverse("procurement:create", args=[contract.reference]), values, stored)


def rating_form(contract, manager, **_):
    rating = AssessmentRatingFactory(
        assessment__contract=contract, kpi=_published_kpi(contract), proposed=Rating.MET
    )
    values = {
        "value": Rating.OTHER,
        "reason": "The figures were not audited.",
        "explanation": "Figures under audit.",
        "notes": "Revisit next year.",
    }

    def stored():
        rating.refresh_from_db()
        return {
            "value": rating.rating,
            "reason": rating.reason,
            "explanation": rating.explanation,
            "notes": rating.notes,
        }

    args = [contract.reference, rating.assessment_id, rating.pk]
    return Case(manager, reverse("procurement:rating", args=args), values, stored)


def publication_form(contract, manager, **_):
    assessment = AssessmentFactory(
        contract=contract,
        status=ApprovalStatus.APPROVED,
        approved_at=datetime(2018, 10, 20, 12, tzinfo=UTC),
    )
    values = {"notice_id": "024512-2025", "published_on": "2018-10-25"}

    def stored():
        assessment.refresh_from_db()
        return {
            "notice_id": assessment.notice_id,
            "published_on": _posted(assessment.notice_published_on),
        }

    page = reverse("procurement:publication", args=[contract.reference, assessment.pk])
    return Case(manager, page, values, stored)


def breach_form(contract, manager, **_):
    kpi = _published_kpi(contract)
    item = AgendaItemFactory(contract=contract)
    item.meeting.board.members.add(manager)
    resolution = ResolutionFactory(agenda_item=item, number=1)
    action = ActionFactory(agenda_item=item)
    values = {
        "kind": BreachKind.FAILURE_TO_IMPROVE,
        "requirement": "Answer 80% of calls in 60 seconds.",
        "description": "Calls unanswered.",
        "impact": "Residents waited.",
        "period_start": "2018-01-01",
        "period_end": "2018-03-31",
        "decision_date": "2018-04-20",
        "penalty_type": PenaltyType.NEGOTIATED,
        "penalty_amount": "25000",
        "kpis": str(kpi.pk),
        "resolutions": str(resolution.pk),
        "actions": str(action.pk),
    }

    def stored():
        breach = contract.breaches.get()
        saved = _fields_of(breach, [name for name in values if name not in LINKS])
        for name in LINKS:
            saved[name] = ",".join(
                str(pk) for pk in getattr(breach, name).values_list("pk", flat=True)
            )
        return saved

    page = reverse("procurement:breach_create", args=[contract.reference])
    return Case(manager, page, values, stored)


LINKS = ("kpis", "resolutions", "actions")


SAVING = {
    ContractForm: [contract_form],
    KPIForm: [kpi_form],
    TargetForm: [target_form],
    MitigationForm: [mitigation_form],
    MitigationEndForm: [mitigation_end_form],
    ReturnFigureForm: [return_figure_form],
    CorrectFigureForm: [correct_figure_form],
    UploadForm: [upload_form],
    FigureRowForm: [figure_row_form],
    RevisionForm: [revision_form],
    UpdateForm: [update_form],
    BenefitForm: [benefit_form],
    MeetingForm: [meeting_form],
    AgendaItemForm: [agenda_item_form],
    ResolutionForm: [resolution_form, resolution_edit_form],
    ActionForm: [action_form],
    ConfirmMinutesForm: [confirm_minutes_form],
    ContractDetailsForm: [details_form],
    PartyForm: [details_edit_form],
    AssessmentForm: [assessment_form],
    RatingForm: [rating_form],
    PublicationForm: [publication_form],
    BreachForm: [breach_form],
}


def _project_forms() -> set[str]:
    """Every class in the project's apps whose base is a form (`forms.Form`, a ModelForm,
    Django's or another of ours): read from the source, so no form can hide."""
    found = set()
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ClassDef) and any(
                    ast.unparse(base).endswith("Form") for base in node.bases
                ):
                    found.add(node.name)
    return found


def test_forms_every_form_is_checked_or_saves_nothing():
    checked = {cls.__name__ for cls in SAVING}
    assert _project_forms() <= checked | NON_SAVING, "a new form needs a case here"


CASES = [(form.__name__, case) for form, cases in SAVING.items() for case in cases]


def _file_inputs(html: str) -> set[str]:
    """The page's file fields, which a browser sends as files (`page_forms` leaves them out)."""
    return set(re.findall(r'<input type="file" name="([^"]+)"', html))


@pytest.mark.parametrize(("form", "case"), CASES, ids=[c.__name__ for _, c in CASES])
def test_forms_every_field_reaches_the_database(
    form, case, client, contract, manager, officer, administrator, clerk
):
    scenario = case(
        contract=contract,
        manager=manager,
        officer=officer,
        administrator=administrator,
        clerk=clerk,
    )
    client.force_login(scenario.user)
    shown = client.get(scenario.page)
    assert shown.status_code == 200
    html = shown.content.decode()
    # The page's form, not the header's sign-out button (an upload form shows only a file).
    html_form = max(
        page_forms(html, scenario.page),
        key=lambda f: (len(f.editable), f.action == scenario.page),
    )
    shown_fields = set(html_form.editable) | _file_inputs(html)
    assert shown_fields == set(scenario.values), "every field shown has a value"
    data = {**html_form.fields, **scenario.values}
    data = {name: value for name, value in data.items() if value != "" or name in html_form.hidden}
    for name, value in data.items():
        if isinstance(value, tuple):
            data[name] = SimpleUploadedFile(*value)
    response = client.post(html_form.action, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert scenario.stored() == scenario.values
