"""The one palette: each GOV.UK tag colour, its tag class and the colour a chart draws it in.

A domain maps each of its statuses to a colour *name* once (in its `choices.py`); tag
classes and chart colours are derived from here, so a status looks the same on every page
and in every chart. Colour never carries meaning alone: a tag always shows its word and a
chart series its legend.

Chart colours are the GOV.UK Frontend palette where that palette is readable as a mark on
white: WCAG 2.2 asks 3:1 for non-text contrast, and GOV.UK yellow (#ffdd00, 1.4:1) and
orange (#f47738, 2.8:1) fall short, so charts draw them in darker shades of the same hue
(#b58800, 3.2:1 and #c25e0c, 4.3:1). `tests/core/test_colours.py` holds every colour to 3:1.
"""

import enum
from html import escape

from django.utils.html import format_html


class Colour(enum.StrEnum):
    GREY = "grey"
    GREEN = "green"
    TURQUOISE = "turquoise"
    BLUE = "blue"
    LIGHT_BLUE = "light-blue"
    PURPLE = "purple"
    PINK = "pink"
    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"

    @property
    def tag_class(self) -> str:
        """The GOV.UK Frontend modifier that gives a tag this colour."""
        return f"govuk-tag--{self.value}"

    @property
    def cell_class(self) -> str:
        """The short class a bare tag in a compact table (`.app-compact`, for tables of
        thousands of cells) takes this colour from: GOV.UK's tag colours, repeated in
        static/css/oversight.css under shorter names (a test holds the two equal)."""
        return f"c-{self.value}"

    @property
    def chart(self) -> str:
        """The colour a chart draws this status in, as #rrggbb."""
        return CHART_COLOURS[self]

    def fill(self, opacity: float) -> str:
        """The chart colour as a translucent fill, for bands drawn behind the data."""
        red, green, blue = (int(self.chart[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({red}, {green}, {blue}, {opacity})"


CHART_COLOURS = {
    Colour.GREY: "#505a5f",
    Colour.GREEN: "#00703c",
    Colour.TURQUOISE: "#28a197",
    Colour.BLUE: "#1d70b8",
    Colour.LIGHT_BLUE: "#5694ca",
    Colour.PURPLE: "#4c2c92",
    Colour.PINK: "#d53880",
    Colour.RED: "#d4351c",
    Colour.ORANGE: "#c25e0c",
    Colour.YELLOW: "#b58800",
}


def govuk_tag(word, colour: Colour | str, *, extra_class: str = "") -> str:
    """A GOV.UK tag: the word, escaped, in its colour. The only place that writes the markup;
    the `{% govuk_tag %}` template tag and `core.tables.TagColumn` draw through it."""
    classes = " ".join(filter(None, ("govuk-tag", Colour(colour).tag_class, extra_class)))
    return format_html('<strong class="{}">{}</strong>', classes, word)


def compact_tag(word, colour: Colour | str) -> str:
    """The same tag in a compact table (`.app-compact`): a bare `b` that the table's CSS
    gives the tag's look, a fraction of the markup, for tables of hundreds of cells."""
    return f'<b class="{Colour(colour).cell_class}">{escape(str(word))}</b>'
