"""Who approves and corrects figures (kpis.duties), on every path: the correction page,
the review queue (approve one, approve selected), the return form, uploads and
import_returns."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts.choices import Role
from kpis.duties import duty_refusal
from kpis.models import KPIFigure
from kpis.services import figure_correct, figures_approve
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory
from tests.kpis.test_commands import run, run_failing
from tests.kpis.uploads.helpers import confirm, csv_bytes, send
from tests.kpis.views_helpers import row_data

from .spreadsheets import RETURN_HEADER, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal
SEPTEMBER = date(2018, 9, 1)
LABEL = "IMT_KPI_01 for September 2018"
ONLY_MANAGERS = f"Only a contract manager of CSSC may correct {LABEL}."
MANAGER_ENTERED = (
    f"You entered or last changed {LABEL}: another contract manager must approve it "
    "(separation of duties)."
)


@pytest.fixture
def kpi(contract):
    kpi = KPIFactory(
        contract=contract, service_area=contract.service_areas.get(name="IMT"), code="IMT_KPI_01"
    )
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    return kpi


@pytest.fixture
def manager2(contract, member):
    return member(contract, Role.CONTRACT_MANAGER, username="manager2")


@pytest.fixture
def approved(kpi, officer, manager):
    """The probe's figure: September 2018, approved at 88.58."""
    return KPIFigureFactory(
        kpi=kpi,
        period=SEPTEMBER,
        value=D("88.58"),
        state="approved",
        entered_by=officer,
        submitted_by=officer,
        approved_by=manager,
    )


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def unchanged(figure, manager):
    figure.refresh_from_db()
    return (figure.value, figure.state, figure.approved_by) == (D("88.58"), "approved", manager)


def page(response) -> str:
    return html.unescape(response.content.decode())


# The rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "is_manager", "separate", "entered", "submitted", "refused"),
    [
        (None, False, True, 2, 2, "Only a contract manager"),  # nobody named
        (1, False, True, 2, 2, "Only a contract manager"),
        (1, True, True, 1, 2, "You entered or last changed"),
        (1, True, True, 2, 1, "You submitted"),
        (1, True, True, 2, 3, None),
        (1, True, True, None, None, None),
        (1, True, False, 1, 1, None),  # the contract's separation of duties is off
        (1, False, False, 2, 2, "Only a contract manager"),
    ],
)
def test_duty_refusal_decides_who_may_approve_or_correct(
    user_id, is_manager, separate, entered, submitted, refused
):
    refusal = duty_refusal(
        action="approve",
        figure_label=LABEL,
        contract_reference="CSSC",
        user_id=user_id,
        is_manager=is_manager,
        separate_duties=separate,
        entered_by_id=entered,
        submitted_by_id=submitted,
    )
    assert (refusal or "").startswith(refused or "")
    assert bool(refusal) == bool(refused)


# 1. Only a contract manager of the contract corrects an approved figure, on every path.


def test_figure_correct_refuses_anyone_but_a_contract_manager_of_the_contract(
    contract, approved, officer, board_member, manager, member
):
    other_contract_manager = member(ContractFactory(reference="OTHER"), Role.CONTRACT_MANAGER)
    for user in (officer, board_member, other_contract_manager, None):
        with pytest.raises(ValidationError, match=ONLY_MANAGERS):
            figure_correct(figure=approved, value=D(10), commentary="", reason="X", user=user)
        assert unchanged(approved, manager)


def test_the_correction_page_refuses_an_officer(client, contract, approved, officer, manager):
    client.force_login(officer)
    correct = url("figure_correct", contract, approved.pk)
    assert client.get(correct).status_code == 403
    data = {"value": "10", "commentary": "", "reason": "X", "version": approved.version}
    assert client.post(correct, data).status_code == 403
    assert unchanged(approved, manager)


def test_an_officers_upload_correcting_an_approved_figure_is_refused_in_the_preview(
    client, contract, approved, officer, manager, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    header = [*RETURN_HEADER, "correction_reason"]
    data = csv_bytes([header, ["IMT_KPI_01", "2018-09", "10", "", "Recount"]])
    capture = django_capture_on_commit_callbacks
    upload, preview = send(client, contract, "fix.csv", data, month="2018-09", capture=capture)

    assert upload.state == "refused"
    assert f"Row 2, correction_reason: {ONLY_MANAGERS}" in html.unescape(preview)
    assert "Confirm and import" not in preview
    confirm(client, upload, capture)
    assert upload.state == "refused" and upload.committed_at is None
    assert unchanged(approved, manager)


@pytest.mark.parametrize("options", [{"user": "officer"}, {}, {"user": "officer", "approve": True}])
def test_import_returns_refuses_a_correction_unless_user_is_a_contract_manager(
    contract, approved, officer, manager, tmp_path, options
):
    header = [*RETURN_HEADER, "correction_reason"]
    path = write_csv(tmp_path / "fix.csv", [header, ["IMT_KPI_01", "2018-09", "10", "", "Recount"]])

    message, err = run_failing("import_returns", str(path), contract="CSSC", **options)

    assert message == f"Nothing imported: 1 bad row(s) in {path}."
    assert f"row 2: correction_reason: {ONLY_MANAGERS}" in err
    assert unchanged(approved, manager)


# 2. Separation of duties ----------------------------------------------------------------


def enter_on_the_return_form(client, contract, kpi, user, value="96"):
    client.force_login(user)
    data = row_data(kpi, value=value) | {"action": "submit"}
    assert client.post(url("return", contract, "2018-09"), data).status_code == 302
    return KPIFigure.objects.get(kpi=kpi, period=SEPTEMBER)


def test_the_review_queue_says_why_a_manager_cannot_approve_what_they_entered(
    client, contract, kpi, manager, manager2
):
    figure = enter_on_the_return_form(client, contract, kpi, manager)
    approve = url("figure_approve", contract, figure.pk)

    queue = page(client.get(url("review", contract)))
    assert MANAGER_ENTERED in queue
    checkbox = f'name="figures" value="{figure.pk}"'  # the row's tick box, not any value
    assert f'formaction="{approve}"' not in queue and checkbox not in queue

    shown = page(client.post(approve, follow=True))
    assert f"Not approved: {MANAGER_ENTERED}" in shown
    shown = page(client.post(url("review", contract), {"figures": [figure.pk]}, follow=True))
    assert f"Not approved: {MANAGER_ENTERED}" in shown
    figure.refresh_from_db()
    assert (figure.state, figure.approved_by) == ("submitted", None)

    client.force_login(manager2)
    assert f'formaction="{approve}"' in page(client.get(url("review", contract)))
    client.post(approve)
    figure.refresh_from_db()
    assert (figure.state, figure.approved_by) == ("approved", manager2)


def test_approve_selected_approves_the_others_and_reports_the_refused(
    client, contract, kpi, manager, officer
):
    mine = enter_on_the_return_form(client, contract, kpi, manager)
    theirs = KPIFigureFactory(
        kpi=KPIFactory(contract=contract, service_area=kpi.service_area, code="IMT_KPI_02"),
        period=SEPTEMBER,
        state="submitted",
        entered_by=officer,
        submitted_by=officer,
    )
    client.force_login(manager)
    response = client.post(url("review", contract), {"figures": [mine.pk, theirs.pk]}, follow=True)

    assert "1 figure approved." in page(response)
    assert f"Not approved: {MANAGER_ENTERED}" in page(response)
    assert KPIFigure.objects.get(pk=theirs.pk).state == "approved"
    assert KPIFigure.objects.get(pk=mine.pk).state == "submitted"


def test_submitting_someone_elses_unchanged_draft_keeps_who_entered_it(
    client, contract, kpi, manager, officer
):
    client.force_login(manager)
    client.post(url("return", contract, "2018-09"), row_data(kpi, value="96"))
    draft = KPIFigure.objects.get(kpi=kpi, period=SEPTEMBER)
    client.force_login(officer)
    data = row_data(kpi, value="96", version=draft.version) | {"action": "submit"}
    client.post(url("return", contract, "2018-09"), data)

    figure = KPIFigure.objects.get(pk=draft.pk)
    assert (figure.state, figure.entered_by, figure.submitted_by) == ("submitted", manager, officer)
    assert figures_approve(figures=[figure], user=manager).refused == [MANAGER_ENTERED]


def test_an_uploaded_figure_is_approved_by_another_manager_only(
    client, contract, kpi, manager, manager2, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    capture = django_capture_on_commit_callbacks
    data = csv_bytes([RETURN_HEADER, ["IMT_KPI_01", "2018-09", "96"]])
    upload, _ = send(client, contract, "sep.csv", data, month="2018-09", capture=capture)
    confirm(client, upload, capture)
    figure = KPIFigure.objects.get(kpi=kpi, period=SEPTEMBER)

    assert figures_approve(figures=[figure], user=manager).refused == [MANAGER_ENTERED]
    assert figures_approve(figures=[figure], user=manager2).approved == 1


def test_whoever_corrected_a_figure_cannot_correct_it_again(
    client, contract, approved, manager, manager2
):
    client.force_login(manager2)
    correct = url("figure_correct", contract, approved.pk)
    data = {"value": "90", "commentary": "", "reason": "Recount", "version": approved.version}
    assert client.post(correct, data).status_code == 302

    again = page(client.get(correct))
    refusal = (
        f"You entered or last changed {LABEL}: another contract manager must correct it "
        "(separation of duties)."
    )
    assert refusal in again and "Save the correction" not in again
    response = client.post(correct, data | {"value": "91", "version": approved.version + 1})
    assert refusal in page(response)
    approved.refresh_from_db()
    assert (approved.value, approved.approved_by) == (D(90), manager2)


def test_an_upload_correcting_a_figure_its_uploader_entered_is_refused_in_the_preview(
    client, contract, kpi, manager, manager2, django_capture_on_commit_callbacks
):
    figure = KPIFigureFactory(
        kpi=kpi, period=SEPTEMBER, state="approved", entered_by=manager, approved_by=manager2
    )
    client.force_login(manager)
    header = [*RETURN_HEADER, "correction_reason"]
    data = csv_bytes([header, ["IMT_KPI_01", "2018-09", "10", "", "Recount"]])
    capture = django_capture_on_commit_callbacks
    upload, preview = send(client, contract, "fix.csv", data, month="2018-09", capture=capture)

    assert upload.state == "refused"
    refusal = f"You entered or last changed {LABEL}: another contract manager must correct it"
    assert f"Row 2, correction_reason: {refusal}" in html.unescape(preview)
    figure.refresh_from_db()
    assert figure.value == D(96)


def test_with_separation_off_a_manager_approves_what_they_entered(client, contract, kpi, manager):
    contract.separate_duties = False
    contract.save()
    figure = enter_on_the_return_form(client, contract, kpi, manager)
    assert figures_approve(figures=[figure], user=manager).approved == 1


def test_import_returns_approve_is_an_operator_load_recorded_with_its_file(
    client, contract, kpi, manager, tmp_path
):
    submitted = enter_on_the_return_form(client, contract, kpi, manager)
    other = KPIFactory(contract=contract, service_area=kpi.service_area, code="IMT_KPI_02")
    rows = [RETURN_HEADER, ["IMT_KPI_01", "2018-09", "96"], ["IMT_KPI_02", "2018-09", "97"]]
    path = write_csv(tmp_path / "bulk-sep.csv", rows)

    run("import_returns", str(path), contract="CSSC", approve=True, user="manager")

    for figure in (KPIFigure.objects.get(pk=submitted.pk), KPIFigure.objects.get(kpi=other)):
        assert (figure.state, figure.approved_by) == ("approved", manager)
        reason = figure.history.first().history_change_reason
        assert reason == "Imported (File bulk-sep.csv (import_returns))"
    assert KPIFigure.objects.get(kpi=other).source == "File bulk-sep.csv (import_returns)"
