from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from core.formatting import format_date, person_name

from .scan import offenders

THURSDAY = date(2018, 10, 25)


@pytest.mark.parametrize(
    ("style", "shown"),
    [
        ("long", "25 October 2018"),
        ("short", "25 Oct 2018"),
        ("weekday", "Thursday 25 October 2018"),
    ],
)
def test_format_date_writes_each_house_style(style, shown):
    assert format_date(THURSDAY, style) == shown


def test_format_date_writes_a_single_digit_day_without_a_leading_zero():
    assert format_date(date(2018, 5, 1)) == "1 May 2018"


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (time(10, 0), "10am"),
        (time(14, 30), "2:30pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(12, 5), "12:05pm"),
        (time(0, 30), "12:30am"),
        (time(9, 7), "9:07am"),
    ],
)
def test_format_date_writes_times_the_gov_uk_way(moment, shown):
    assert format_date(moment) == shown


def test_format_date_shows_a_moment_in_london_time():
    moment = datetime(2018, 10, 25, 13, 30, tzinfo=UTC)  # British Summer Time: 2:30pm
    assert format_date(moment, "long_time") == "25 October 2018 at 2:30pm"
    assert format_date(moment, "short_time") == "25 Oct 2018 at 2:30pm"
    assert format_date(moment, "time") == "2:30pm"
    late = datetime(2018, 10, 25, 23, 30, tzinfo=UTC)  # already the 26th in London
    assert format_date(late) == "26 October 2018"


def test_format_date_gives_nothing_for_no_date():
    assert format_date(None) == ""
    assert format_date("") == ""


def test_person_name_is_the_full_name_or_else_the_username():
    user_model = get_user_model()
    assert person_name(user_model(username="jo", first_name="Jo", last_name="Bloggs")) == (
        "Jo Bloggs"
    )
    assert person_name(user_model(username="jo")) == "jo"
    assert person_name(None) == ""
    assert person_name(None, nobody="System") == "System"


def test_the_template_filters_use_the_same_house_formats():
    user_model = get_user_model()
    rendered = Template(
        "{% load govuk %}{{ day|govuk_date }}|{{ day|govuk_date:'short' }}|{{ at|govuk_date }}|"
        "{{ who|person_name }}|{{ nobody|person_name:'—' }}|{{ missing|govuk_date }}"
    ).render(
        Context(
            {
                "day": THURSDAY,
                "at": time(14, 30),
                "who": user_model(username="jo", first_name="Jo", last_name="Bloggs"),
                "nobody": None,
            }
        )
    )
    assert rendered == "25 October 2018|25 Oct 2018|2:30pm|Jo Bloggs|—|"


def test_no_code_formats_a_date_or_a_name_by_hand():
    """Every date and name goes through core.formatting: no strftime, no date format in an
    f-string, no |date or |time filter, no get_full_name elsewhere."""
    python = r"strftime\(|\{[^{}\n]*:%-?[dbBAaHIMp]|get_full_name"
    templates = r"\|(date|time)\b|get_full_name"
    assert offenders(python, templates, allowed={"core/formatting.py", "core/periods.py"}) == []
