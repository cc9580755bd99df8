from types import SimpleNamespace

import pytest

from dashboards.charts import achieved_trend_chart, status_counts_chart
from tests.charts import HOSTILE_TEXT, assert_shown_as_text


def summary(label):
    return SimpleNamespace(
        month=SimpleNamespace(short_label=label),
        green=3,
        amber=1,
        red=1,
        mitigated=0,
        missing=0,
        achieved_percent=60,
    )


@pytest.mark.parametrize("builder", [status_counts_chart, achieved_trend_chart])
def test_dashboard_charts_show_their_labels_as_text_not_markup(builder):
    chart = builder([summary("Sep 2018"), summary(HOSTILE_TEXT)])

    assert_shown_as_text(chart)
