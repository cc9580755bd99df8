"""Columns every app's tables share."""

import django_tables2 as tables
from django_tables2.utils import Accessor, call_with_appropriate

from .colours import govuk_tag
from .formatting import format_date


class TagColumn(tables.Column):
    """The cell's word drawn as a GOV.UK tag in its colour; exports get the word alone.

    `colour` says which colour a row's tag is: either a callable, called with whichever of
    `record`, `value` and `table` it names (as tables2 does for `linkify`), or an accessor
    string such as "status_colour" read from the record. It gives a `core.colours.Colour`
    or a colour name ("red"). The word is the cell's value (for a choices field, its label);
    an empty value shows the column's `default` ("—" unless given) and no tag.
    `extra_class` adds a class to every tag of the column.
    """

    def __init__(self, colour, *, extra_class: str = "", default="—", **kwargs):
        self.colour = colour
        self.extra_class = extra_class
        super().__init__(default=default, **kwargs)

    def colour_of(self, record, value, table):
        if callable(self.colour):
            context = {"record": record, "value": value, "table": table}
            return call_with_appropriate(self.colour, context)
        return Accessor(self.colour).resolve(record)

    def render(self, value, record, table):
        return govuk_tag(value, self.colour_of(record, value, table), extra_class=self.extra_class)

    def value(self, value, **kwargs):
        return str(value)


class DateColumn(tables.Column):
    """A date (or a moment) in the house style; `style` as `core.formatting.format_date`,
    "short" by default because tables are where space is short."""

    def __init__(self, *, style: str = "short", **kwargs):
        self.style = style
        super().__init__(**kwargs)

    def render(self, value):
        return format_date(value, self.style)
