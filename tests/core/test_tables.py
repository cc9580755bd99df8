"""core.tables: django-tables2 works out what a column's callables take once per function."""

import django_tables2 as tables
from django_tables2 import utils

from core.tables import remembered_signature


class Both(tables.Table):
    a = tables.Column()
    b = tables.Column()

    def render_a(self, value):
        return f"a{value}"

    def render_b(self, record, value):
        return f"{record['a']}b{value}"


class Other(Both):
    def render_a(self, record, table):  # same name, other arguments
        return f"{type(table).__name__}{record['b']}"


def test_each_render_method_gets_the_arguments_it_names_row_after_row():
    assert utils.signature is remembered_signature  # installed by CoreConfig.ready
    rows = [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    assert [list(row) for row in Both(rows).rows] == [["a1", "1b2"], ["a3", "3b4"]]
    assert [list(row) for row in Other(rows).rows] == [["Other2", "1b2"], ["Other4", "3b4"]]


def test_plain_functions_and_unhashable_callables_are_inspected_as_before():
    class Callable:
        __hash__ = None

        def __call__(self, record, **extra):
            return record

    assert remembered_signature(lambda value, record: None) == (("value", "record"), None)
    assert remembered_signature(Callable()) == (("record",), "extra")
