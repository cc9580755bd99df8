import html
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.choices import Role
from kpis.models import KPIFigure, KPIMonthStatus
from tests.factories import (
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MembershipFactory,
    UserFactory,
    area_kpi,
)
from tests.kpis.views_helpers import (
    field_error,
    return_url,
    summary_links,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]

SEPTEMBER = date(2018, 9, 1)


@pytest.fixture
def kpi(contract):
    kpi = area_kpi(contract, "IMT", code="IMT_KPI_01", name="Incidents fixed")
    KPITargetFactory(kpi=kpi, target=Decimal("95"), minimum=Decimal("90"))
    return kpi


@pytest.fixture
def submitted(kpi, officer):
    return KPIFigureFactory(
        kpi=kpi,
        period=SEPTEMBER,
        value=Decimal("96"),
        state="submitted",
        submitted_by=officer,
        commentary="All incidents fixed within the SLA",
    )


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def test_the_queue_lists_submitted_figures_only(client, contract, kpi, submitted, manager):
    other = KPIFactory(contract=contract, service_area=kpi.service_area, code="IMT_KPI_02")
    KPIFigureFactory(kpi=other, period=SEPTEMBER, state="draft")
    client.force_login(manager)
    content = client.get(url("review", contract)).content.decode()
    assert "IMT_KPI_01" in content and "96.00%" in content
    assert "All incidents fixed within the SLA" in content
    assert "IMT_KPI_02" not in content
    assert 'formaction="{}"'.format(url("figure_approve", contract, submitted.pk)) in content


def test_the_queue_filters_by_month_and_code(client, contract, kpi, submitted, manager):
    KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1), state="submitted")
    client.force_login(manager)
    content = client.get(url("review", contract), {"period": "2018-08"}).content.decode()
    assert "August 2018" in content and "September 2018</a>" not in content
    content = client.get(url("review", contract), {"q": "nothing-like-it"}).content.decode()
    assert "No figure is awaiting approval." in content


def test_approving_a_figure_judges_its_month(
    client, contract, kpi, submitted, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("figure_approve", contract, submitted.pk))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.state, submitted.approved_by) == ("approved", manager)
    status = KPIMonthStatus.objects.get(kpi=kpi, period=SEPTEMBER)
    assert (status.status, status.value, status.figure_id) == ("green", Decimal("96"), submitted.pk)
    assert (
        "IMT_KPI_01 for September 2018 approved."
        in client.get(response["Location"]).content.decode()
    )


def test_approving_the_selected_figures(
    client, contract, kpi, submitted, manager, django_capture_on_commit_callbacks
):
    august = KPIFigureFactory(
        kpi=kpi, period=date(2018, 8, 1), value=Decimal("80"), state="submitted"
    )
    left = KPIFigureFactory(kpi=kpi, period=date(2018, 7, 1), state="submitted")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("review", contract), {"figures": [submitted.pk, august.pk]})
    assert response.status_code == 302
    states = dict(KPIFigure.objects.values_list("pk", "state"))
    assert states == {submitted.pk: "approved", august.pk: "approved", left.pk: "submitted"}
    assert KPIMonthStatus.objects.get(kpi=kpi, period=date(2018, 8, 1)).status == "red"
    assert "2 figures approved." in client.get(response["Location"]).content.decode()


def test_approving_nothing_selected_says_so(client, contract, submitted, manager):
    client.force_login(manager)
    response = client.post(url("review", contract), {})
    assert "Select the figures to approve." in client.get(response["Location"]).content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_returning_a_figure_sends_it_back_to_draft_with_the_comment_shown_to_the_officer(
    client, contract, kpi, submitted, manager, officer
):
    client.force_login(manager)
    page = client.get(url("figure_return", contract, submitted.pk)).content.decode()
    assert "All incidents fixed within the SLA" in page
    response = client.post(
        url("figure_return", contract, submitted.pk),
        {"comment": "Two P1 incidents are missing from the count."},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "draft"
    assert submitted.returned_comment == "Two P1 incidents are missing from the count."

    client.force_login(officer)
    content = client.get(return_url(contract, "2018-09")).content.decode()
    assert "Returned" in content
    assert "Two P1 incidents are missing from the count." in content


def test_returning_needs_a_comment(client, contract, submitted, manager):
    client.force_login(manager)
    response = client.post(url("figure_return", contract, submitted.pk), {"comment": "  "})
    content = response.content.decode()
    assert field_error(content, "id_comment") == "This field is required."
    assert summary_links(content) == {"id_comment": "Why is it returned?: This field is required."}
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_figure_not_awaiting_approval_cannot_be_returned(client, contract, kpi, manager):
    draft = KPIFigureFactory(kpi=kpi, period=SEPTEMBER, state="draft")
    client.force_login(manager)
    response = client.post(url("figure_return", contract, draft.pk), {"comment": "No"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.returned_comment) == ("draft", "")


def correction(figure, **overrides):
    data = {"value": "94", "commentary": "Recounted", "reason": "", "version": figure.version}
    return data | overrides


def test_correcting_an_approved_figure_needs_a_reason(client, contract, kpi, manager):
    approved = KPIFigureFactory(kpi=kpi, period=SEPTEMBER, value=Decimal("96"))
    client.force_login(manager)
    response = client.post(url("figure_correct", contract, approved.pk), correction(approved))
    assert field_error(response.content.decode(), "id_reason") == "This field is required."
    approved.refresh_from_db()
    assert approved.value == Decimal("96")


def test_a_correction_is_judged_again_and_its_reason_is_in_the_kpi_history(
    client, contract, kpi, manager, django_capture_on_commit_callbacks
):
    approved = KPIFigureFactory(kpi=kpi, period=SEPTEMBER, value=Decimal("96"))
    client.force_login(manager)
    reason = "Supplier's recount found three more late incidents"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("figure_correct", contract, approved.pk), correction(approved, reason=reason)
        )
    assert response["Location"] == kpi.get_absolute_url()
    approved.refresh_from_db()
    assert (approved.value, approved.state, approved.correction_reason) == (
        Decimal("94"),
        "approved",
        reason,
    )
    assert KPIMonthStatus.objects.get(kpi=kpi, period=SEPTEMBER).status == "amber"
    content = html.unescape(client.get(kpi.get_absolute_url()).content.decode())
    history = content.split("Change history", 1)[1]
    assert f"Corrected: {reason}" in history
    assert "Value: 96 → 94" in history


def test_a_correction_over_someone_elses_is_refused(client, contract, kpi, manager):
    approved = KPIFigureFactory(kpi=kpi, period=SEPTEMBER, value=Decimal("96"), version=3)
    client.force_login(manager)
    response = client.post(
        url("figure_correct", contract, approved.pk),
        correction(approved, reason="Recount", version=2),
    )
    assert "Someone else changed this figure" in response.content.decode()
    approved.refresh_from_db()
    assert approved.value == Decimal("96")


def test_a_correction_is_checked_like_any_value(client, contract, kpi, manager):
    approved = KPIFigureFactory(kpi=kpi, period=SEPTEMBER)
    client.force_login(manager)
    response = client.post(
        url("figure_correct", contract, approved.pk), correction(approved, value="120", reason="X")
    )
    assert field_error(response.content.decode(), "id_value") == "Must be 100 or less"


def test_only_approved_figures_are_corrected(client, contract, submitted, manager):
    client.force_login(manager)
    response = client.get(url("figure_correct", contract, submitted.pk))
    assert response["Location"] == return_url(contract, "2018-09")


@pytest.mark.parametrize("name", ["figure_approve", "figure_return", "figure_correct"])
def test_officers_and_board_members_cannot_review(
    client, contract, submitted, officer, board_member, name
):
    for user in (officer, board_member):
        client.force_login(user)
        assert client.post(url(name, contract, submitted.pk), {"comment": "x"}).status_code == 403
    assert client.get(url("review", contract)).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_figure_of_another_contract_is_not_found(client, contract, manager):
    other = ContractFactory(reference="OTHER")
    figure = KPIFigureFactory(kpi=KPIFactory(contract=other), state="submitted")
    outsider = UserFactory()
    MembershipFactory(user=outsider, contract=other, role=Role.CONTRACT_MANAGER)
    client.force_login(manager)
    assert client.post(url("figure_approve", contract, figure.pk)).status_code == 404
    assert client.post(url("review", contract), {"figures": [figure.pk]}).status_code == 302
    figure.refresh_from_db()
    assert figure.state == "submitted"


def test_the_contract_page_links_to_the_work_and_counts_figures_to_review(
    client, contract, submitted, manager, officer
):
    client.force_login(manager)
    content = client.get(contract.get_absolute_url()).content.decode()
    assert "Work on this contract" in content
    assert url("review", contract) in content
    assert "1 submitted figure awaiting approval" in content
    client.force_login(officer)
    content = client.get(contract.get_absolute_url()).content.decode()
    assert url("returns", contract) in content and url("list", contract) in content
    assert url("review", contract) not in content


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_queries_do_not_grow_with_figures(
    client, contract, manager, officer, count, django_assert_max_num_queries
):
    area = contract.service_areas.first()
    for _ in range(count):
        KPIFigureFactory(
            kpi=KPIFactory(contract=contract, service_area=area),
            period=SEPTEMBER,
            state="submitted",
            submitted_by=officer,
        )
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(url("review", contract)).status_code == 200


def test_a_long_correction_reason_is_kept_whole_in_the_history(client, contract, kpi, manager):
    approved = KPIFigureFactory(kpi=kpi, period=SEPTEMBER, value=Decimal("96"))
    client.force_login(manager)
    reason = "The supplier re-ran the report after a data fix – " + "details " * 40
    response = client.post(
        url("figure_correct", contract, approved.pk), correction(approved, reason=reason)
    )
    assert response.status_code == 302
    latest = approved.history.first()
    assert latest.history_change_reason == f"Corrected: {reason.strip()}"
