from datetime import date

import pytest

from core.periods import Month
from procurement.due import next_assessment


def test_next_assessment_first_period_starts_with_the_contract():
    found = next_assessment(previous_end=None, contract_start=Month(2017, 10))
    assert (found.start, found.end, found.due) == (
        Month(2017, 10),
        Month(2018, 9),
        date(2018, 9, 30),
    )


def test_next_assessment_follows_the_previous_period():
    found = next_assessment(previous_end=Month(2018, 9), contract_start=Month(2017, 10))
    assert (found.start, found.end, found.due) == (
        Month(2018, 10),
        Month(2019, 9),
        date(2019, 9, 30),
    )


@pytest.mark.parametrize(
    ("today", "due_soon", "overdue"),
    [
        (date(2018, 8, 30), False, False),
        (date(2018, 8, 31), True, False),  # 30 days before 30 September
        (date(2018, 9, 30), True, False),
        (date(2018, 10, 1), False, True),
    ],
)
def test_next_assessment_warning_window(today, due_soon, overdue):
    found = next_assessment(previous_end=None, contract_start=Month(2017, 10))
    assert (found.is_due_soon(today), found.is_overdue(today)) == (due_soon, overdue)
