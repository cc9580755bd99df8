import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

import contracts.choices
import imt_projects.choices
import kpis.choices
import minutes.choices
from core.colours import Colour
from dashboards.charts import status_counts_chart
from kpis.charts import value_chart
from kpis.choices import STATUS_COLOURS, Status
from kpis.models import KPIMonthStatus

from .scan import ROOT, offenders

# Every choice a page shows as a tag, with the one map that gives it its colour.
COLOUR_MAPS = [
    (kpis.choices.Status, kpis.choices.STATUS_COLOURS),
    (kpis.choices.FigureState, kpis.choices.FIGURE_STATE_COLOURS),
    (kpis.choices.UploadState, kpis.choices.UPLOAD_STATE_COLOURS),
    (imt_projects.choices.Stage, imt_projects.choices.STAGE_COLOURS),
    (imt_projects.choices.RAG, imt_projects.choices.RAG_COLOURS),
    (imt_projects.choices.BenefitStatus, imt_projects.choices.BENEFIT_STATUS_COLOURS),
    (minutes.choices.MeetingStatus, minutes.choices.MEETING_STATUS_COLOURS),
    (minutes.choices.ActionStatus, minutes.choices.ACTION_STATUS_COLOURS),
    (contracts.choices.ContractStatus, contracts.choices.STATUS_COLOURS),
]


def summary():
    """A month's counts for the dashboard chart: one KPI of each status."""
    return SimpleNamespace(
        month=SimpleNamespace(short_label="Apr 2018"),
        **dict.fromkeys(("green", "amber", "red", "mitigated", "missing"), 1),
    )


def contrast_with_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a #rrggbb colour against white."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("colour", list(Colour))
def test_every_chart_colour_stands_out_on_white(colour):
    """WCAG 1.4.11: a chart's marks need 3:1 against the page."""
    assert contrast_with_white(colour.chart) >= 3


@pytest.mark.parametrize("colour", list(Colour))
def test_every_colour_has_its_gov_uk_tag_class(colour):
    assert colour.tag_class == f"govuk-tag--{colour.value}"


@pytest.mark.parametrize(
    ("choices", "colours"), COLOUR_MAPS, ids=[c.__name__ for c, _ in COLOUR_MAPS]
)
def test_every_status_of_every_domain_maps_to_a_colour(choices, colours):
    assert set(colours) == set(choices)
    assert all(isinstance(colour, Colour) for colour in colours.values())


def test_amber_is_one_colour_in_every_chart():
    kpi_chart = value_chart(
        rows=[
            KPIMonthStatus(
                period=date(2018, 4, 1),
                status=Status.AMBER,
                underlying_status=Status.AMBER,
                value=Decimal(92),
                target=Decimal(95),
                minimum=Decimal(90),
            )
        ],
        polarity="higher",
        display=str,
    )
    marker = next(t for t in kpi_chart["data"] if t.get("name") == "Value")["marker"]
    counts = status_counts_chart([summary()])
    bar = next(t for t in counts["data"] if t["name"] == "Amber")

    assert marker["color"] == [Colour.YELLOW.chart]
    assert bar["marker"]["color"] == Colour.YELLOW.chart


def test_each_dashboard_series_is_drawn_in_its_status_colour():
    counts = status_counts_chart([summary()])
    drawn = {t["name"]: t["marker"]["color"] for t in counts["data"]}
    expected = {
        s.label: STATUS_COLOURS[s].chart
        for s in (Status.GREEN, Status.AMBER, Status.RED, Status.MITIGATED, Status.MISSING)
    }
    assert drawn == expected


def test_a_colour_fills_translucently_in_its_own_hue():
    assert Colour.GREEN.fill(0.15) == "rgba(0, 112, 60, 0.15)"


def test_no_code_writes_a_chart_colour_outside_the_palette():
    """Status colours live in core/colours.py only; charts derive theirs from it."""
    status_hexes = "|".join(colour.chart.removeprefix("#") for colour in Colour)
    pattern = rf"#({status_hexes}|ffdd00|f47738)\b"
    assert offenders(pattern, pattern, allowed={"core/colours.py"}) == []


@pytest.mark.parametrize("colour", list(Colour))
def test_a_compact_table_tag_has_the_gov_uk_tag_colours(colour):
    """`.app-compact .c-*` repeats GOV.UK's tag colours under a short name: the same."""

    def rule(path, selector):
        css = (ROOT / path).read_text()
        found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
        assert found, f"{selector} missing from {path}"
        return dict(
            (p.strip() for p in part.split(":", 1)) for part in found[1].split(";") if ":" in part
        )

    govuk = rule("static/vendor/govuk-frontend/govuk-frontend.min.css", f".{colour.tag_class}")
    compact = rule("static/css/oversight.css", f".app-compact .{colour.cell_class}")
    assert compact == govuk
