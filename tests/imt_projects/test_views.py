import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contracts.choices import Role
from core.periods import Month
from dashboards.panels import imt_panel
from dashboards.ranges import resolve_range
from imt_projects.models import IMTProject
from tests.factories import (
    BenefitFactory,
    ContractFactory,
    GoLiveRevisionFactory,
    IMTProjectFactory,
    MembershipFactory,
    ProjectUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PORTFOLIO = reverse("imt_projects:portfolio")


def detail(project):
    return reverse("imt_projects:detail", kwargs={"number": project.number})


def write_urls(project, benefit):
    kwargs = {"number": project.number}
    return [
        reverse("imt_projects:revise_go_live", kwargs=kwargs),
        reverse("imt_projects:record_update", kwargs=kwargs),
        reverse("imt_projects:benefit_add", kwargs=kwargs),
        reverse("imt_projects:benefit_edit", kwargs={**kwargs, "benefit_id": benefit.pk}),
    ]


@pytest.fixture
def project(contract):
    return IMTProjectFactory(number=277, title="OpenText Migration", contract=contract, priority=1)


def test_a_manager_revises_the_go_live_date_with_a_reason(client, manager, project):
    client.force_login(manager)
    url = reverse("imt_projects:revise_go_live", kwargs={"number": 277})
    seen = {"version": project.version}
    response = client.post(url, {"new_date": "2019-01-21", "reason": "", "reported_to": "", **seen})
    assert response.status_code == 200
    assert "Why it moved" in response.content.decode()
    project.refresh_from_db()
    assert project.target_go_live == date(2018, 10, 1)
    response = client.post(
        url,
        {"new_date": "2019-01-21", "reason": "Extra testing phase.", "reported_to": "PB", **seen},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.target_go_live == date(2019, 1, 21)
    page = client.get(detail(project)).content.decode()
    assert "Extra testing phase." in page and "112 days later" in page


def test_a_manager_records_an_update_and_the_project_shows_it(client, manager, project):
    client.force_login(manager)
    url = reverse("imt_projects:record_update", kwargs={"number": 277})
    data = {"month": "2018-09", "stage": "test", "rag": "amber", "narrative": "Testing."}
    response = client.post(url, data)
    assert response.status_code == 200  # a first RAG other than green needs its reason
    response = client.post(url, {**data, "rag_reason": "Extra testing phase."})
    assert response.status_code == 302
    page = client.get(PORTFOLIO).content.decode()
    assert 'govuk-tag--purple">Test<' in page and ">Amber<" in page


def test_a_manager_adds_and_changes_a_benefit(client, manager, project):
    client.force_login(manager)
    data = {
        "description": "Cheaper storage",
        "measure": "Cost",
        "target": "£120,000",
        "status": "expected",
    }
    add = reverse("imt_projects:benefit_add", kwargs={"number": 277})
    assert client.post(add, data).status_code == 302
    benefit = project.benefits.get()
    edit = reverse("imt_projects:benefit_edit", kwargs={"number": 277, "benefit_id": benefit.pk})
    assert (
        client.post(
            edit, {**data, "realised": "£118,000", "status": "realised", "version": 1}
        ).status_code
        == 302
    )
    benefit.refresh_from_db()
    assert (benefit.realised, benefit.status) == ("£118,000", "realised")
    assert benefit.history.count() == 2


def test_a_board_member_reads_but_every_post_is_refused(client, board_member, project):
    benefit = BenefitFactory(project=project)
    client.force_login(board_member)
    assert client.get(detail(project)).status_code == 200
    assert "Revise the go-live date" not in client.get(detail(project)).content.decode()
    for url in write_urls(project, benefit):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x", "new_date": "2019-01-01"}).status_code == 403
    for url in (PORTFOLIO, detail(project), reverse("imt_projects:benefits")):
        assert client.post(url).status_code == 405
    project.refresh_from_db()
    assert project.target_go_live == date(2018, 10, 1)


def test_a_member_of_another_contract_gets_404(client, project):
    benefit = BenefitFactory(project=project)
    outsider = UserFactory()
    MembershipFactory(user=outsider, contract=ContractFactory(), role=Role.CONTRACT_MANAGER)
    client.force_login(outsider)
    assert client.get(detail(project)).status_code == 404
    for url in write_urls(project, benefit):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert "OpenText" not in client.get(PORTFOLIO).content.decode()
    assert "Cheaper" not in client.get(reverse("imt_projects:benefits")).content.decode()


def test_clerks_and_administrators_see_every_project(client, project, clerk, administrator):
    for user in (clerk, administrator):
        client.force_login(user)
        assert client.get(detail(project)).status_code == 200


def test_a_project_with_no_contract_is_read_by_anyone_and_managed_by_administrators(
    client, contract, manager, administrator
):
    council_wide = IMTProjectFactory(contract=None, title="Council-wide Wi-Fi")
    visitor = UserFactory()
    client.force_login(visitor)
    assert client.get(detail(council_wide)).status_code == 200
    url = reverse("imt_projects:record_update", kwargs={"number": council_wide.number})
    client.force_login(manager)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_the_portfolio_lists_the_top_20_in_priority_order_then_the_others(
    client, contract, manager
):
    IMTProjectFactory(contract=contract, priority=2, title="Second priority")
    IMTProjectFactory(contract=contract, priority=1, title="First priority")
    IMTProjectFactory(contract=contract, priority=None, title="Not a priority")
    client.force_login(manager)
    page = client.get(PORTFOLIO).content.decode()
    assert (
        page.index("First priority")
        < page.index("Second priority")
        < page.index("Other projects")
        < page.index("Not a priority")
    )


def test_the_portfolio_filters_by_stage_and_rag(client, contract, manager):
    building = IMTProjectFactory(contract=contract, priority=1, title="Building")
    testing = IMTProjectFactory(contract=contract, priority=2, title="Testing")
    ProjectUpdateFactory(project=building, stage="build", month=date(2018, 8, 1))
    ProjectUpdateFactory(project=building, stage="test", month=date(2018, 7, 1))
    ProjectUpdateFactory(project=testing, stage="test", rag="red", rag_reason="Late.")
    client.force_login(manager)
    page = client.get(PORTFOLIO, {"stage": "test"}).content.decode()
    assert "Testing" in page and "Building" not in page
    assert ">Stage (optional)<" in page and "invalid" not in page
    page = client.get(PORTFOLIO, {"rag": "green"}).content.decode()
    assert "Building" in page and ">Testing<" not in page


def test_the_export_opens_in_excel_and_is_safe_from_formulas(client, contract, manager):
    project = IMTProjectFactory(contract=contract, priority=1, title='=HYPERLINK("x")')
    GoLiveRevisionFactory(project=project, new_date=date(2018, 12, 3))
    project.target_go_live = date(2018, 12, 3)
    project.save()
    client.force_login(manager)
    response = client.get(PORTFOLIO, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Priority", "Number", "Title")
    assert rows[1][2] == '\'=HYPERLINK("x")'
    assert rows[1][6] == 63
    csv = client.get(PORTFOLIO, {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv


def test_the_benefit_review_shows_expected_against_realised(client, project, manager):
    BenefitFactory(project=project, target="£80,000", realised="£85,000", status="on_track")
    client.force_login(manager)
    response = client.get(reverse("imt_projects:benefits"))
    page = response.content.decode()
    assert "£80,000" in page and "£85,000" in page and ">On track<" in page
    due = client.get(reverse("imt_projects:benefits"), {"due_by": "2019-01-01"})
    assert "£85,000" not in due.content.decode()


def make_projects(contract, count):
    user = UserFactory()
    for i in range(count):
        project = IMTProjectFactory(contract=contract, priority=i + 1 if i < 20 else None)
        ProjectUpdateFactory(project=project, recorded_by=user)
        GoLiveRevisionFactory(project=project, recorded_by=user, recorded_at="2018-09-10T10:00Z")


@pytest.mark.parametrize("count", [5, 40])
def test_the_portfolio_query_count_does_not_grow(
    client, contract, manager, count, django_assert_max_num_queries
):
    make_projects(contract, count)
    client.force_login(manager)
    client.get(PORTFOLIO)
    with django_assert_max_num_queries(12):
        assert client.get(PORTFOLIO).status_code == 200


def september_2018():
    month_range, _ = resolve_range(Month(2018, 9), {"range": "latest"})
    return month_range


@pytest.mark.parametrize("count", [5, 40])
def test_the_dashboard_panel_query_count_does_not_grow(
    contract, count, django_assert_max_num_queries
):
    make_projects(contract, count)
    with django_assert_max_num_queries(2):
        panel = imt_panel(contract, september_2018())
    assert sum(row["count"] for row in panel["by_stage"]) == min(count, 20)
    assert len(panel["moved"]) == count


def test_the_panel_counts_by_stage_and_rag_and_lists_dates_moved_in_range(contract):
    first = IMTProjectFactory(contract=contract, priority=1)
    second = IMTProjectFactory(contract=contract, priority=2)
    ProjectUpdateFactory(project=first, stage="test", rag="amber", rag_reason="Late.")
    ProjectUpdateFactory(project=second, stage="build")
    GoLiveRevisionFactory(project=first, recorded_at="2018-09-10T10:00Z")
    GoLiveRevisionFactory(project=second, recorded_at="2018-06-10T10:00Z")
    panel = imt_panel(contract, september_2018())
    assert {r["label"]: r["count"] for r in panel["by_stage"]} == {"Build": 1, "Test": 1}
    assert {r["label"]: r["count"] for r in panel["by_rag"]} == {"Amber": 1, "Green": 1}
    assert [row["revision"].project for row in panel["moved"]] == [first]


def test_the_panel_is_empty_for_a_contract_without_projects(contract):
    assert imt_panel(contract, september_2018()) is None
    assert not IMTProject.objects.exists()


@pytest.mark.parametrize("count", [2, 12])
def test_the_project_page_query_count_does_not_grow(
    client, manager, project, count, django_assert_max_num_queries
):
    for i in range(count):
        ProjectUpdateFactory(project=project, month=Month(2017, 1).add(i).first_day)
        GoLiveRevisionFactory(project=project, new_date=date(2019, 1, 1 + i))
        BenefitFactory(project=project)
    client.force_login(manager)
    with django_assert_max_num_queries(18):
        assert client.get(detail(project)).status_code == 200


def test_the_admin_adds_a_project_with_its_target_at_the_baseline(
    client, contract, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    response = client.post(
        reverse("admin:imt_projects_imtproject_add"),
        {
            "number": 600,
            "title": "Network refresh",
            "contract": contract.pk,
            "baseline_go_live": "2019-01-31",
        },
    )
    assert response.status_code == 302
    project = IMTProject.objects.get(number=600)
    assert project.target_go_live == date(2019, 1, 31)
    change = client.get(reverse("admin:imt_projects_imtproject_change", args=[project.pk]))
    assert change.status_code == 200
    assert 'name="target_go_live"' not in change.content.decode()
