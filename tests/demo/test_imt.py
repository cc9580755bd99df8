from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from imt_projects.models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate

pytestmark = pytest.mark.django_db

MODELS = (IMTProject, GoLiveRevision, ProjectUpdate, Benefit)


def snapshot():
    return (
        [list(model.objects.order_by("pk").values()) for model in MODELS],
        [model.history.count() for model in MODELS],
    )


def test_277_was_revised_to_21_january_2019_for_an_extra_testing_phase(demo):
    project = IMTProject.objects.with_latest_update().get(number=277)
    assert project.title == "OpenText Migration"
    assert "OpenText hosted (cloud)" in project.description
    assert "third-party availability" in project.third_party_dependency
    assert project.stage_label == "Test"
    revision = project.revisions.order_by("recorded_at").last()
    assert revision.new_date == project.target_go_live == date(2019, 1, 21)
    assert revision.reason == "An additional testing phase was added to the plan."
    assert revision.recorded_at.year == 2018
    assert revision.recorded_by.username == "manager"
    assert revision.slippage_days == (date(2019, 1, 21) - date(2018, 10, 1)).days == 112
    assert project.slippage_days == (date(2019, 1, 21) - project.baseline_go_live).days


def test_the_demo_has_20_priority_projects_in_order_and_others(demo):
    top = list(IMTProject.objects.top_priorities().values_list("priority", flat=True))
    assert top == list(range(1, 21))
    assert IMTProject.objects.others().exists()
    assert not ProjectUpdate.objects.filter(month__gt=date(2018, 9, 1)).exists()
    assert set(ProjectUpdate.objects.values_list("recorded_by__username", flat=True)) == {"manager"}


def test_a_date_was_brought_forward_in_the_demo(demo):
    assert GoLiveRevision.objects.filter(new_date__lt=F("previous_date")).exists()


def test_running_the_demo_again_changes_nothing(demo):
    before = snapshot()
    call_command("seed_demo", force=True, verbosity=0)
    assert snapshot() == before


def test_the_board_sees_277_on_the_portfolio_and_the_dashboard(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="board"))
    portfolio = client.get(reverse("imt_projects:portfolio")).content.decode()
    assert "OpenText Migration" in portfolio
    page = client.get(reverse("imt_projects:detail", kwargs={"number": 277})).content.decode()
    assert "21 Jan 2019" in page and "additional testing phase" in page
    dashboard = client.get(
        reverse("contract_dashboard", args=["CSSC"]), {"range": "latest"}
    ).content.decode()
    assert "Top 20 IMT projects" in dashboard and "OpenText Migration" in dashboard
