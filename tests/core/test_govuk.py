from types import SimpleNamespace

import django_tables2 as tables
import pytest
from django.template import Context, Template

from core.colours import Colour, govuk_tag
from core.tables import DateColumn, PersonColumn, TagColumn

from .scan import offenders


def test_govuk_tag_shows_the_word_in_its_colour():
    assert govuk_tag("Green", Colour.GREEN) == (
        '<strong class="govuk-tag govuk-tag--green">Green</strong>'
    )
    assert govuk_tag("Late", "red", extra_class="app-cell__tag") == (
        '<strong class="govuk-tag govuk-tag--red app-cell__tag">Late</strong>'
    )


def test_govuk_tag_escapes_the_word():
    assert "&lt;script&gt;" in govuk_tag("<script>", Colour.GREY)


def test_govuk_tag_refuses_a_colour_outside_the_palette():
    with pytest.raises(ValueError):
        govuk_tag("Amber", "amber")


def test_the_template_tag_draws_the_same_tag():
    rendered = Template('{% load govuk %}{% govuk_tag word colour %}{% govuk_tag "Exempt" "red" %}')
    assert rendered.render(Context({"word": "Live", "colour": Colour.GREEN})) == (
        '<strong class="govuk-tag govuk-tag--green">Live</strong>'
        '<strong class="govuk-tag govuk-tag--red">Exempt</strong>'
    )


class StatusTable(tables.Table):
    by_attribute = TagColumn(colour="state_colour", accessor="state")
    by_callable = TagColumn(colour=lambda value, table: table.colours[value])
    own_word = TagColumn(
        colour="state_colour", word=lambda record: f"{record.by_callable}!", empty_values=()
    )

    def __init__(self, *args, **kwargs):
        self.colours = {"Live": Colour.GREEN, "Ended": Colour.GREY}
        super().__init__(*args, **kwargs)


def records():
    return [
        SimpleNamespace(state="Live", state_colour=Colour.GREEN, by_callable="Live", own_word=1),
        SimpleNamespace(state=None, state_colour="grey", by_callable="Ended", own_word=1),
    ]


def test_tag_column_draws_each_cell_word_in_the_row_colour():
    live, ended = StatusTable(records()).rows
    assert live.get_cell("by_attribute") == govuk_tag("Live", Colour.GREEN)
    assert live.get_cell("by_callable") == govuk_tag("Live", Colour.GREEN)
    assert ended.get_cell("by_callable") == govuk_tag("Ended", Colour.GREY)
    assert live.get_cell("own_word") == govuk_tag("Live!", Colour.GREEN)


def test_tag_column_shows_a_dash_and_no_tag_for_an_empty_cell():
    assert StatusTable(records()).rows[1].get_cell("by_attribute") == "—"


def test_tag_column_exports_the_word_alone():
    exported = list(StatusTable(records()).as_values())
    assert exported[1:] == [["Live", "Live", "Live!"], [None, "Ended", "Ended!"]]


class PeopleTable(tables.Table):
    who = PersonColumn()
    when = DateColumn()


def test_person_and_date_columns_write_the_house_formats():
    from datetime import date

    from django.contrib.auth import get_user_model

    who = get_user_model()(username="jo", first_name="Jo", last_name="Bloggs")
    row = PeopleTable([{"who": who, "when": date(2018, 10, 25)}]).rows[0]
    assert (row.get_cell("who"), row.get_cell("when")) == ("Jo Bloggs", "25 Oct 2018")


def test_no_code_builds_a_tag_by_hand():
    """Every tag on every page is drawn by core.colours.govuk_tag, so it always has its word."""
    pattern = r"govuk-tag"
    assert offenders(pattern, pattern, allowed={"core/colours.py"}) == []
