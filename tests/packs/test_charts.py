from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from kpis.models import ContractPeriodSummary
from packs.charts import achieved_trend_svg, status_counts_svg

SVG = "{http://www.w3.org/2000/svg}"


def summaries(*rows):
    return [
        ContractPeriodSummary(
            period=date(2018, 4 + i, 1),
            green=green,
            amber=amber,
            red=red,
            mitigated=mitigated,
            missing=0,
            measured=green + amber + red,
            achieved_percent=(
                Decimal(100 * green / (green + amber + red)).quantize(Decimal("0.1"))
                if green + amber + red
                else None
            ),
        )
        for i, (green, amber, red, mitigated) in enumerate(rows)
    ]


def parse(svg) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg))


def test_achieved_trend_svg_marks_each_measured_month_and_breaks_the_line_where_none_was():
    months = summaries((9, 1, 0, 0), (10, 0, 0, 0), (0, 0, 0, 2), (8, 1, 1, 0), (10, 0, 0, 0))

    svg = parse(achieved_trend_svg(months, title="Table 5"))

    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Table 5"
    assert len(svg.findall(f"{SVG}circle")) == 4  # June measured nothing
    assert len(svg.findall(f"{SVG}polyline")) == 2  # April–May, then July–August
    description = svg.find(f"{SVG}desc").text
    assert "Apr 2018 90.0%" in description and "Jun 2018" not in description


def test_status_counts_svg_stacks_a_bar_per_status_and_names_each_colour():
    months = summaries((9, 1, 0, 2), (10, 0, 0, 2))

    svg = parse(status_counts_svg(months, title="Table 6"))

    bars = [r for r in svg.findall(f"{SVG}rect") if r.get("width") != "10"]
    assert len(bars) == 5  # April: green, amber, in mitigation; May: green, in mitigation
    legend = [t.text for t in svg.findall(f"{SVG}text")]
    for word in ("Green", "Amber", "Red", "In mitigation", "Missing"):
        assert word in legend
    assert "Apr 2018: Green 9, Amber 1, Red 0, In mitigation 2" in svg.find(f"{SVG}desc").text


def test_chart_text_is_escaped():
    svg = achieved_trend_svg(summaries((1, 0, 0, 0)), title="<script>alert(1)</script>")

    assert "<script>" not in str(svg)
    assert parse(svg).find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_a_month_with_nothing_achieved_is_drawn_at_zero_not_left_out():
    svg = parse(achieved_trend_svg(summaries((0, 1, 1, 0), (1, 1, 0, 0)), title="Table 1"))

    assert len(svg.findall(f"{SVG}circle")) == 2
    assert "Apr 2018 0.0%" in svg.find(f"{SVG}desc").text
