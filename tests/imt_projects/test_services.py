from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.periods import Month
from imt_projects import services
from imt_projects.forms import RevisionForm
from imt_projects.models import IMTProject, slippage_days
from tests.factories import IMTProjectFactory, ProjectUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return IMTProjectFactory(baseline_go_live=date(2018, 10, 1))


def revise(project, new_date, reason="Extra testing phase added.", **kwargs):
    return services.project_revise_go_live(
        project=project, new_date=new_date, reason=reason, user=UserFactory(), **kwargs
    )


def test_a_revision_moves_the_target_and_keeps_the_baseline(project):
    revision = revise(project, date(2019, 1, 21), reported_to="Partnership Board")
    project.refresh_from_db()
    assert project.target_go_live == date(2019, 1, 21)
    assert project.baseline_go_live == date(2018, 10, 1)
    assert (revision.previous_date, revision.new_date) == (date(2018, 10, 1), date(2019, 1, 21))
    assert revision.reported_to == "Partnership Board"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_revision_without_a_reason_is_refused_and_changes_nothing(project, reason):
    with pytest.raises(ValidationError) as error:
        revise(project, date(2019, 1, 21), reason=reason)
    assert "reason" in error.value.message_dict
    project.refresh_from_db()
    assert project.target_go_live == date(2018, 10, 1)
    assert not project.revisions.exists()


def test_the_revision_form_requires_a_reason(project):
    form = RevisionForm({"new_date": "2019-01-21", "reason": "", "version": 1}, project=project)
    assert not form.is_valid()
    assert "reason" in form.errors


def test_saving_a_project_cannot_move_its_target_date(project):
    project.target_go_live = date(2019, 6, 1)
    with pytest.raises(ValidationError) as error:
        services.project_save(project=project, user=UserFactory())
    assert "target_go_live" in error.value.message_dict
    assert IMTProject.objects.get(pk=project.pk).target_go_live == date(2018, 10, 1)


def test_a_new_project_starts_with_its_target_at_the_baseline(contract):
    project = IMTProject(
        number=501,
        title="New",
        contract=contract,
        baseline_go_live=date(2019, 4, 1),
        target_go_live=date(2030, 1, 1),
    )
    services.project_save(project=project, user=UserFactory())
    assert project.target_go_live == date(2019, 4, 1)


def test_slippage_is_days_from_baseline_to_target_and_per_revision(project):
    first = revise(project, date(2018, 12, 3))
    second = revise(project, date(2019, 1, 21))
    project.refresh_from_db()
    assert first.slippage_days == 63
    assert second.slippage_days == 49
    assert project.slippage_days == 112 == first.slippage_days + second.slippage_days


def test_a_date_brought_forward_slips_by_a_negative_number_of_days(project):
    revision = revise(project, date(2018, 9, 17))
    project.refresh_from_db()
    assert revision.slippage_days == -14
    assert project.slippage_days == -14
    assert slippage_days(date(2018, 10, 1), date(2018, 10, 1)) == 0


def test_revising_to_the_same_date_is_refused(project):
    with pytest.raises(ValidationError):
        revise(project, date(2018, 10, 1))


def record(project, month, stage="build", rag="green", rag_reason=""):
    return services.project_record_update(
        project=project,
        month=month,
        stage=stage,
        rag=rag,
        rag_reason=rag_reason,
        narrative="Progress as planned.",
        user=UserFactory(),
    )


def latest(project):
    return IMTProject.objects.with_latest_update().get(pk=project.pk)


def test_the_project_shows_its_latest_update(project):
    record(project, Month(2018, 7), stage="design")
    record(project, Month(2018, 9), stage="test", rag="amber", rag_reason="Testing slipped.")
    record(project, Month(2018, 8), stage="build")
    shown = latest(project)
    assert (shown.latest_stage, shown.latest_rag) == ("test", "amber")
    assert shown.stage_label == "Test" and shown.rag_label == "Amber"
    assert shown.latest_rag_reason == "Testing slipped."
    assert shown.latest_update_label == "September 2018"


def test_stage_and_rag_are_not_stored_on_the_project():
    names = {field.name for field in IMTProject._meta.get_fields()}
    assert not names & {"stage", "rag", "rag_reason"}


def test_a_project_with_no_update_has_no_stage_or_rag(project):
    shown = latest(project)
    assert shown.stage_label == "" and shown.rag_label == ""


def test_a_rag_change_needs_its_reason(project):
    record(project, Month(2018, 7))
    with pytest.raises(ValidationError) as error:
        record(project, Month(2018, 8), rag="red")
    assert "rag_reason" in error.value.message_dict
    assert latest(project).latest_update_month == date(2018, 7, 1)


def test_an_unchanged_rag_needs_no_reason(project):
    record(project, Month(2018, 7), rag="amber", rag_reason="Supplier late.")
    record(project, Month(2018, 8), rag="amber")
    assert latest(project).latest_update_month == date(2018, 8, 1)


def test_one_update_per_month(project):
    ProjectUpdateFactory(project=project, month=date(2018, 9, 1))
    with pytest.raises(ValidationError) as error:
        record(project, Month(2018, 9))
    assert "month" in error.value.message_dict


def test_every_change_is_kept_in_the_history(project):
    revise(project, date(2019, 1, 21))
    record(project, Month(2018, 9))
    assert project.history.count() == 2
    assert project.revisions.get().history.count() == 1
    assert project.history.latest().history_change_reason.startswith("Go-live revised")
