from datetime import UTC, date, datetime

import pytest

from imt_projects.charts import go_live_timeline
from tests.charts import HOSTILE_TEXT, assert_shown_as_text
from tests.factories import GoLiveRevisionFactory, IMTProjectFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_steps_from_the_baseline_through_each_revision_with_its_reason():
    project = IMTProjectFactory(baseline_go_live=date(2018, 10, 1))
    revision = GoLiveRevisionFactory(
        project=project,
        new_date=date(2019, 1, 21),
        reason="An additional testing phase was added to the plan.",
        recorded_at=datetime(2018, 9, 12, 10, tzinfo=UTC),
    )
    figure = go_live_timeline(baseline=project.baseline_go_live, revisions=[revision])
    trace = figure["data"][0]
    assert list(trace["y"]) == ["2018-10-01", "2019-01-21"]
    assert "additional testing phase" in trace["text"][1]
    assert figure["layout"]["xaxis"]["ticktext"] == ["Baseline", "Revision 1<br>2018-09-12"]


def test_the_timeline_shows_a_revision_reason_as_text_not_markup():
    project = IMTProjectFactory(baseline_go_live=date(2018, 10, 1))
    revision = GoLiveRevisionFactory(
        project=project, new_date=date(2019, 1, 21), reason=HOSTILE_TEXT
    )

    figure = go_live_timeline(baseline=project.baseline_go_live, revisions=[revision])

    assert_shown_as_text(figure)
