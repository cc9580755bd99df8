"""The project page's chart: the target go-live date after each revision, the reason in
the hover text. Pure: a project and its revisions in, a plotly figure dict out."""

import plotly.graph_objects as go

from core.colours import Colour
from core.formatting import format_date
from core.plotting import plot_text


def go_live_timeline(*, baseline, revisions) -> dict:
    """`revisions` in the order they were recorded; x is when each was recorded."""
    labels = ["Baseline"] + [f"Revision {i}" for i in range(1, len(revisions) + 1)]
    x = [
        label if i == 0 else revisions[i - 1].recorded_at.date().isoformat()
        for i, label in enumerate(labels)
    ]
    dates = [baseline.isoformat()] + [r.new_date.isoformat() for r in revisions]
    hover = ["Baseline go-live date"] + [
        f"{format_date(r.previous_date, 'short')} → {format_date(r.new_date, 'short')}: "
        f"{plot_text(r.reason)}"
        for r in revisions
    ]
    figure = go.Figure(
        go.Scatter(
            x=list(range(len(labels))),
            y=dates,
            mode="lines+markers",
            line={"shape": "hv", "color": Colour.BLUE.chart},
            marker={"symbol": "diamond", "size": 10},
            text=hover,
            hovertemplate="%{y|%-d %b %Y}<br>%{text}<extra></extra>",
            name="Target go-live date",
        )
    )
    figure.update_layout(
        xaxis={
            "title": "Recorded",
            "tickmode": "array",
            "tickvals": list(range(len(labels))),
            "ticktext": [
                label if i == 0 else f"{label}<br>{x[i]}" for i, label in enumerate(labels)
            ],
        },
        yaxis={"title": "Target go-live date", "type": "date", "tickformat": "%b %Y"},
        margin={"l": 70, "r": 20, "t": 20, "b": 70},
        height=320,
        showlegend=False,
        # plotly.py's default template is 7 KiB of styles for charts never drawn here.
        template="none",
    )
    return figure.to_plotly_json()
