"""The KPI page's chart: each month's value against the Target and Minimum Service
Levels drawn as bands, with the month's status in the hover text. Pure: rows in, a
plotly figure dict out, written as plain dicts: plotly's graph objects cost milliseconds
to validate on every page view and bring plotly.py's default template (7 KiB of styles
for charts never drawn here) into the page; plotly.js's own defaults draw this one."""

from core.colours import Colour
from core.plotting import plot_text

from .choices import JUDGED, STATUS_COLOURS, Polarity, Status

# The bands behind the values: each judged status's colour, faint enough to read through.
BAND_COLOURS = {status: STATUS_COLOURS[status].fill(0.15) for status in JUDGED}
# Shape as well as colour, so status never rests on colour alone.
MARKER_SHAPES = {
    Status.GREEN: "circle",
    Status.AMBER: "diamond",
    Status.RED: "x",
    Status.MITIGATED: "square",
}


def _marker(status) -> tuple[str, str]:
    """A month's marker: its status's shape and colour; an open grey circle otherwise."""
    if status not in MARKER_SHAPES:
        return "circle-open", Colour.GREY.chart
    return MARKER_SHAPES[status], STATUS_COLOURS[status].chart


def _band(x, lower, upper, name, colour):
    """An area between two stepped lines, shown in the legend as a band."""
    edge = {"shape": "hv", "width": 0}
    return [
        {
            "type": "scatter",
            "x": x,
            "y": lower,
            "mode": "lines",
            "line": edge,
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": x,
            "y": upper,
            "mode": "lines",
            "line": edge,
            "fill": "tonexty",
            "fillcolor": colour,
            "name": name,
            "hoverinfo": "skip",
        },
    ]


def value_chart(*, rows, polarity: str, display) -> dict:
    """`rows`: KPIMonthStatus rows in month order; `display(value)` formats a value."""
    x = [plot_text(row.month.short_label) for row in rows]
    values = [float(row.value) if row.value is not None else None for row in rows]
    targets = [float(row.target) if row.target is not None else None for row in rows]
    minimums = [
        float(row.minimum) if row.minimum is not None else t
        for row, t in zip(rows, targets, strict=True)
    ]
    known = [v for v in values + targets + minimums if v is not None] or [0.0]
    pad = (max(known) - min(known)) * 0.15 or 1.0
    low, high = min(known) - pad, max(known) + pad
    bands = _bands(x, [low] * len(x), [high] * len(x), targets, minimums, polarity)
    target_line = {
        "type": "scatter",
        "x": x,
        "y": targets,
        "mode": "lines",
        "name": "Target",
        "line": {"shape": "hv", "color": Colour.GREEN.chart, "dash": "dash"},
    }
    return {
        "data": [*bands, target_line, _points(x, values, rows, display)],
        "layout": {
            "height": 380,
            "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
            "yaxis": {"range": [low, high], "title": {"text": "Value"}},
            "legend": {"orientation": "h", "y": -0.25},
            "font": {
                "family": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
            },
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
        },
    }


def _bands(x, floor, ceiling, targets, minimums, polarity: str) -> list:
    """Red, amber and green bands, ordered from the bottom of the chart up."""
    if polarity == Polarity.HIGHER:
        return (
            _band(x, floor, minimums, "Below minimum (red)", BAND_COLOURS[Status.RED])
            + _band(
                x,
                minimums,
                targets,
                "Between minimum and target (amber)",
                BAND_COLOURS[Status.AMBER],
            )
            + _band(x, targets, ceiling, "Meets target (green)", BAND_COLOURS[Status.GREEN])
        )
    return (
        _band(x, floor, targets, "Meets target (green)", BAND_COLOURS[Status.GREEN])
        + _band(
            x, targets, minimums, "Between target and minimum (amber)", BAND_COLOURS[Status.AMBER]
        )
        + _band(x, minimums, ceiling, "Beyond minimum (red)", BAND_COLOURS[Status.RED])
    )


def _points(x, values, rows, display):
    """Each month's value, its status shown by the marker's shape and colour."""
    shapes = [_marker(row.status) for row in rows]
    return {
        "type": "scatter",
        "x": x,
        "y": values,
        "mode": "lines+markers",
        "name": "Value",
        "line": {"color": "#0b0c0c", "width": 2},
        "marker": {
            "symbol": [s for s, _ in shapes],
            "color": [c for _, c in shapes],
            "size": 10,
            "line": {"color": "#0b0c0c", "width": 1},
        },
        "text": [
            plot_text(
                f"{row.label}: "
                + (display(row.value) if row.value is not None else "no approved figure")
            )
            for row in rows
        ],
        "hovertemplate": "%{x}<br>%{text}<extra></extra>",
    }
