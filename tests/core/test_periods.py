from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import (
    Month,
    MonthOutOfRange,
    clear_working_days_between,
    is_past_deadline,
    last_month_past_deadline,
    month_range,
    return_deadline,
)

months = st.builds(Month, st.integers(2000, 2090), st.integers(1, 12))


def test_it_parses_and_formats_yyyy_mm():
    assert Month.parse("2018-09") == Month(2018, 9)
    assert Month.parse(" 2018-9 ") == Month(2018, 9)
    assert str(Month(2018, 9)) == "2018-09"
    assert Month(2018, 9).label == "September 2018"


@pytest.mark.parametrize("text", ["2018-13", "2018/09", "Sept 2018", "", "2018-00"])
def test_it_refuses_what_is_not_a_month(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_financial_years_run_april_to_march():
    assert Month(2018, 4).financial_year == 2018
    assert Month(2019, 3).financial_year == 2018
    assert Month(2018, 9).financial_year_start == Month(2018, 4)


@pytest.mark.parametrize(
    ("month", "quarter", "end"),
    [
        (Month(2018, 4), 1, False),
        (Month(2018, 6), 1, True),
        (Month(2018, 9), 2, True),
        (Month(2018, 12), 3, True),
        (Month(2019, 1), 4, False),
        (Month(2019, 3), 4, True),
    ],
)
def test_quarters_follow_the_financial_year(month, quarter, end):
    assert month.financial_quarter == quarter
    assert month.is_quarter_end is end


@given(months, st.integers(-120, 120))
def test_adding_months_round_trips(month, n):
    assert month.add(n).add(-n) == month
    assert month.add(n).months_since(month) == n


@pytest.mark.parametrize("text", ["0000-01", "0001-04", "1989-12", "2101-01", "9999-12"])
def test_it_refuses_a_month_out_of_range(text):
    with pytest.raises(MonthOutOfRange, match="from January 1990 to December 2100"):
        Month.parse(text)


def test_it_refuses_arithmetic_leaving_the_range():
    with pytest.raises(MonthOutOfRange):
        Month(2100, 12).next()


def test_month_range_is_inclusive():
    assert month_range(Month(2018, 11), Month(2019, 2)) == [
        Month(2018, 11),
        Month(2018, 12),
        Month(2019, 1),
        Month(2019, 2),
    ]
    assert month_range(Month(2019, 2), Month(2018, 11)) == []


def test_the_deadline_counts_working_days_skipping_bank_holidays():
    # April 2018 ends on Monday 30th; Monday 7 May 2018 is the Early May bank holiday.
    assert return_deadline(Month(2018, 4), 10) == date(2018, 5, 15)
    # December 2018: 25, 26 December and 1 January are bank holidays.
    assert return_deadline(Month(2018, 12), 10) == date(2019, 1, 15)
    # March 2018: Good Friday 30 March and Easter Monday 2 April 2018.
    assert return_deadline(Month(2018, 2), 10) == date(2018, 3, 14)


def test_a_month_is_past_its_deadline_from_the_deadline_day():
    assert not is_past_deadline(Month(2018, 4), date(2018, 5, 14), 10)
    assert is_past_deadline(Month(2018, 4), date(2018, 5, 15), 10)
    assert last_month_past_deadline(date(2018, 5, 14), 10) == Month(2018, 3)
    assert last_month_past_deadline(date(2018, 5, 15), 10) == Month(2018, 4)


@pytest.mark.parametrize(
    ("first", "last", "clear_days"),
    [
        # Thursday to the next Thursday: Friday, Monday, Tuesday, Wednesday.
        (date(2018, 10, 18), date(2018, 10, 25), 4),
        # A day earlier: five clear days.
        (date(2018, 10, 17), date(2018, 10, 25), 5),
        # Neither end counts: the same day, the next day, or the wrong way round.
        (date(2018, 10, 25), date(2018, 10, 25), 0),
        (date(2018, 10, 24), date(2018, 10, 25), 0),
        (date(2018, 10, 25), date(2018, 10, 18), 0),
        # A weekend between two working days.
        (date(2018, 10, 19), date(2018, 10, 22), 0),
        # Christmas, Boxing Day and New Year's Day are not working days.
        (date(2018, 12, 21), date(2019, 1, 2), 4),
        # Good Friday 30 March and Easter Monday 2 April 2018.
        (date(2018, 3, 28), date(2018, 4, 5), 3),
    ],
)
def test_clear_working_days_exclude_both_ends_weekends_and_bank_holidays(first, last, clear_days):
    assert clear_working_days_between(first, last) == clear_days
