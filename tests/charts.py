"""Checks shared by the chart builders' tests."""

import json

from plotly.utils import PlotlyJSONEncoder

HOSTILE_TEXT = (
    'Delayed <a href="https://evil.example/">see the new plan</a> '
    '<span style="font-size:80px">URGENT</span> & more'
)


def figure_strings(figure) -> str:
    return json.dumps(figure, cls=PlotlyJSONEncoder)


def assert_shown_as_text(figure) -> None:
    """The hostile text is in the figure escaped, so plotly shows it and draws no link."""
    drawn = json.loads(figure_strings(figure))
    text = json.dumps(drawn, ensure_ascii=False)
    assert "<a " not in text and "<span" not in text
    assert '&lt;a href=\\"https://evil.example/\\"&gt;' in text
    assert "&amp; more" in text
