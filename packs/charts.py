"""Charts for reports drawn as SVG in Python: no browser and no script, so the same
markup shows on the report page and in the PDF (WeasyPrint draws SVG as vectors).

Pure builders: selector output in, SVG markup out. Every chart has a table of the same
numbers beside it in its section, and its colours are the statuses' own (core.colours),
named in a legend: colour never carries the meaning alone.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from core.colours import Colour
from dashboards.charts import SERIES
from kpis.choices import STATUS_COLOURS

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64
INK = "#0b0c0c"
GRID = "#b1b4b6"
FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="11"'
MAX_X_LABELS = 12


def _svg(title: str, description: str, parts: list[str]) -> SafeString:
    ident = f"chart-{slugify(title)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )
    # Every word in the markup went through `escape`; the rest is numbers and constants.
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308


def _plot_box() -> tuple[float, float]:
    return WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def _y(value: float, top: float) -> float:
    _, height = _plot_box()
    return round(TOP + height - height * value / top, 1) if top else TOP + height


def _x_centre(index: int, count: int) -> float:
    width, _ = _plot_box()
    return round(LEFT + width * (index + 0.5) / count, 1)


def _y_axis(top: float, steps: int, suffix: str = "") -> list[str]:
    parts = []
    for step in range(steps + 1):
        value = top * step / steps
        y = _y(value, top)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{GRID}" '
            'stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" {FONT} fill="{INK}">'
            f"{value:g}{suffix}</text>"
        )
    return parts


def _x_labels(labels: list[str]) -> list[str]:
    every = max(1, -(-len(labels) // MAX_X_LABELS))
    y = HEIGHT - BOTTOM + 16
    return [
        f'<text x="{_x_centre(i, len(labels))}" y="{y}" text-anchor="middle" {FONT} '
        f'fill="{INK}">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def achieved_trend_svg(summaries, *, title: str) -> SafeString:
    """% achieved month by month: a line with a marker per month, broken where nothing
    was measured."""
    labels = [s.month.short_label for s in summaries]
    values = [s.achieved_percent for s in summaries]
    colour = Colour.BLUE.chart
    parts = [*_y_axis(100, 4, "%"), *_x_labels(labels)]
    run: list[str] = []
    for index, value in enumerate([*values, None]):
        if value is None:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    'stroke-width="2"/>'
                )
            run = []
            continue
        point = f"{_x_centre(index, len(values))},{_y(float(value), 100)}"
        run.append(point)
        x, y = point.split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="{colour}"/>')
    measured = [
        f"{label} {value}%"
        for label, value in zip(labels, values, strict=True)
        if value is not None
    ]
    description = "% achieved by month: " + ("; ".join(measured) or "nothing measured")
    return _svg(title, description, parts)


def _legend(series) -> list[str]:
    parts = []
    x = LEFT
    y = HEIGHT - 18
    for status in series:
        colour = STATUS_COLOURS[status].chart
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}" stroke="{INK}" '
            'stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{x + 14}" y="{y}" {FONT} fill="{INK}">{escape(status.label)}</text>'
        )
        x += 24 + 7 * len(status.label)
    return parts


def status_counts_svg(summaries, *, title: str) -> SafeString:
    """Stacked bars: how many contractual KPIs had each status, month by month."""
    labels = [s.month.short_label for s in summaries]
    totals = [sum(getattr(s, status.value) for status in SERIES) for s in summaries]
    top = max(5, -(-max(totals, default=0) // 5) * 5)
    width, _ = _plot_box()
    bar = round(width / max(len(summaries), 1) * 0.6, 1)
    parts = [*_y_axis(top, 5), *_x_labels(labels), *_legend(SERIES)]
    for index, summary in enumerate(summaries):
        base = 0
        x = round(_x_centre(index, len(summaries)) - bar / 2, 1)
        for status in SERIES:
            count = getattr(summary, status.value)
            if not count:
                continue
            y_top, y_base = _y(base + count, top), _y(base, top)
            parts.append(
                f'<rect x="{x}" y="{y_top}" width="{bar}" height="{round(y_base - y_top, 1)}" '
                f'fill="{STATUS_COLOURS[status].chart}" stroke="{INK}" stroke-width="0.5"/>'
            )
            base += count
    description = "KPIs by status and month: " + "; ".join(
        f"{label}: "
        + ", ".join(f"{status.label} {getattr(summary, status.value)}" for status in SERIES)
        for label, summary in zip(labels, summaries, strict=True)
    )
    return _svg(title, description, parts)
