"""Columns every app's tables share."""

import django_tables2 as tables
from django_tables2.utils import Accessor, call_with_appropriate

from .colours import govuk_tag
from .formatting import format_date, person_name


class TagColumn(tables.Column):
    """The cell's word drawn as a GOV.UK tag in its colour; exports get the word alone.

    `colour` says which colour a row's tag is: either a callable, called with whichever of
    `record`, `value` and `table` it names (as tables2 does for `linkify`), or an accessor
    string such as "status_colour" read from the record. It gives a `core.colours.Colour`
    or a colour name ("red"). The word is the cell's value (for a choices field, its label);
    an empty value shows the column's `default` ("—" unless given) and no tag. `word`, a
    callable or accessor like `colour`, gives the word when it is not the cell's value.
    `extra_class` adds a class to every tag of the column.
    """

    def __init__(self, colour, *, word=None, extra_class: str = "", default="—", **kwargs):
        self.colour = colour
        self.word = word
        self.extra_class = extra_class
        super().__init__(default=default, **kwargs)

    @staticmethod
    def _resolve(how, record, value, table):
        if callable(how):
            return call_with_appropriate(how, {"record": record, "value": value, "table": table})
        return Accessor(how).resolve(record)

    def render(self, value, record, table):
        colour = self._resolve(self.colour, record, value, table)
        return govuk_tag(self.value(value, record, table), colour, extra_class=self.extra_class)

    def value(self, value, record, table):
        if self.word is None:
            return str(value)
        return str(self._resolve(self.word, record, value, table))


class DateColumn(tables.Column):
    """A date (or a moment) in the house style; `style` as `core.formatting.format_date`,
    "short" by default because tables are where space is short."""

    def __init__(self, *, style: str = "short", **kwargs):
        self.style = style
        super().__init__(**kwargs)

    def render(self, value):
        return format_date(value, self.style)


class PersonColumn(tables.Column):
    """A user as `core.formatting.person_name` writes them."""

    def render(self, value):
        return person_name(value)
