"""Pure figure builders: selector output in, a plotly figure as a dict out. The page
emits it with json_script and static/js/charts.js draws it; a table beside each chart
gives the same numbers.

These are written as plain dicts, not through plotly's graph objects: the home page draws
one chart per contract on every request, and a graph object costs milliseconds to
validate and brings plotly.py's default template (7 KiB of styles for chart types never
drawn here) into the page. plotly.js's own defaults draw these charts."""

from core.colours import Colour
from core.plotting import plot_text
from kpis.choices import STATUS_COLOURS, Status

# The statuses a month's summary counts, each a field of ContractPeriodSummary.
SERIES = [Status.GREEN, Status.AMBER, Status.RED, Status.MITIGATED, Status.MISSING]
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"}


def _layout(*, xaxis=None, yaxis=None, **extra) -> dict:
    # Axes grow the margin to fit their tick labels (plotly's default template did this
    # before the charts were plain dicts), so angled month labels are never cut off.
    return {
        "font": FONT,
        "margin": {"l": 50, "r": 20, "t": 30, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "xaxis": {"automargin": True, **(xaxis or {})},
        "yaxis": {"automargin": True, **(yaxis or {})},
        **extra,
    }


def status_counts_chart(summaries) -> dict:
    """Stacked bars: how many KPIs had each status, month by month."""
    months = [plot_text(s.month.short_label) for s in summaries]
    return {
        "data": [
            {
                "type": "bar",
                "name": status.label,
                "x": months,
                "y": [getattr(s, status.value) for s in summaries],
                "marker": {
                    "color": STATUS_COLOURS[status].chart,
                    "line": {"color": "#0b0c0c", "width": 1},
                },
                "hovertemplate": f"{status.label}: %{{y}}<extra>%{{x}}</extra>",
            }
            for status in SERIES
        ],
        "layout": _layout(
            barmode="stack",
            height=360,
            yaxis={"title": {"text": "KPIs"}, "rangemode": "tozero", "dtick": 5},
        ),
    }


def achieved_trend_chart(summaries) -> dict:
    """% achieved month by month (a gap where nothing was measured)."""
    return {
        "data": [
            {
                "type": "scatter",
                "x": [plot_text(s.month.short_label) for s in summaries],
                "y": [
                    float(s.achieved_percent) if s.achieved_percent is not None else None
                    for s in summaries
                ],
                "mode": "lines+markers",
                "line": {"color": Colour.BLUE.chart},
                "name": "% achieved",
                "hovertemplate": "%{y:.1f}%<extra>%{x}</extra>",
            }
        ],
        "layout": _layout(
            height=160,
            margin={"l": 40, "r": 10, "t": 10, "b": 30},
            yaxis={"range": [0, 100], "ticksuffix": "%"},
            showlegend=False,
        ),
    }
