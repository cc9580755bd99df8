"""Columns every app's tables share, and a quicker way for django-tables2 to call them."""

from functools import lru_cache

import django_tables2 as tables
from django_tables2 import utils as tables_utils
from django_tables2.utils import Accessor, call_with_appropriate

from .colours import govuk_tag
from .formatting import format_date, person_name

_signature = tables_utils.signature


@lru_cache(maxsize=2048)
def _function_signature(function, bound: bool):
    """The arguments `call_with_appropriate` passes a function: worked out once per
    function, where django-tables2 inspects it again at every call, for each cell of each
    row (a fifth of a 50-row list's time)."""
    if not bound:
        return _signature(function)
    args, keywords = _signature(function)
    return args[1:], keywords  # a bound method's first argument is its object


def remembered_signature(fn):
    """django-tables2's `utils.signature`, remembered by function (a bound method's by
    its function: each row's is a new object). Callables that cannot be remembered (not
    hashable) are inspected as before."""
    function = getattr(fn, "__func__", None)
    try:
        if function is not None and getattr(fn, "__self__", None) is not None:
            return _function_signature(function, True)
        return _function_signature(fn, False)
    except TypeError:
        return _signature(fn)


def remember_signatures() -> None:
    """Installed once, from `CoreConfig.ready`."""
    tables_utils.signature = remembered_signature


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
