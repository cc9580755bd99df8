"""Months as a value type, UK financial years (April–March) and return deadlines.

All month arithmetic in Oversight goes through `Month`; a month is stored in the
database as the date of its first day. A month exists only from January 1990 to
December 2100: a year 0000 or 9999, typed in a form, a query string, an address or a
file, is refused where the `Month` is made (ValueError with a readable message).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
QUARTER_END_MONTHS = (6, 9, 12, 3)
# Long before and after any contract, yet every month in it has dates and deadlines.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class MonthOutOfRange(ValueError):
    """A well-formed month outside the years Oversight accepts."""


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, not {self.month}")
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise MonthOutOfRange(
                f"{self.year:04d}-{self.month:02d} is not a month Oversight accepts: "
                f"use one from January {FIRST_YEAR} to December {LAST_YEAR}"
            )

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read `YYYY-MM`; raise ValueError with a readable message otherwise."""
        match = _MONTH_RE.match(str(text))
        if not match:
            raise ValueError(f"“{text}” is not a month written YYYY-MM")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def from_date(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def containing_today(cls) -> Month:
        from django.utils import timezone

        return cls.from_date(timezone.localdate())

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        """“April 2018”."""
        return self.first_day.strftime("%B %Y")

    @property
    def short_label(self) -> str:
        """“Apr 2018”."""
        return self.first_day.strftime("%b %Y")

    def add(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def next(self) -> Month:
        return self.add(1)

    def previous(self) -> Month:
        return self.add(-1)

    def months_since(self, other: Month) -> int:
        return (self.year - other.year) * 12 + (self.month - other.month)

    @property
    def financial_year(self) -> int:
        """The calendar year in which this month's financial year starts (April)."""
        return self.year if self.month >= 4 else self.year - 1

    @property
    def financial_year_start(self) -> Month:
        return Month(self.financial_year, 4)

    @property
    def financial_quarter(self) -> int:
        """1 for April–June … 4 for January–March."""
        return (self.months_since(self.financial_year_start)) // 3 + 1

    @property
    def quarter_start(self) -> Month:
        return self.financial_year_start.add((self.financial_quarter - 1) * 3)

    @property
    def is_quarter_end(self) -> bool:
        return self.month in QUARTER_END_MONTHS


def month_range(start: Month, end: Month) -> list[Month]:
    """Every month from start to end inclusive (empty when end is before start)."""
    return [start.add(i) for i in range(end.months_since(start) + 1)]


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays; "ENG" is that calendar.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_after(day: date, count: int) -> date:
    """The `count`-th working day after `day` (England and Wales bank holidays)."""
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_before(day: date, count: int) -> date:
    """The `count`-th working day before `day` (England and Wales bank holidays)."""
    remaining = count
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def clear_working_days_between(first: date, last: date) -> int:
    """The clear working days between two days: neither day itself counts, nor
    weekends and bank holidays (England and Wales). When `last` is not after
    `first` by more than a day, there are none."""
    return sum(
        1 for offset in range(1, (last - first).days) if is_working_day(first + timedelta(offset))
    )


def return_deadline(month: Month, working_days: int) -> date:
    """The day a month's return is due: N working days after the month ends.

    The month closes at 03:00 that day, so returns must be in by the end of the
    working day before."""
    return working_days_after(month.last_day, working_days)


def is_past_deadline(month: Month, today: date, working_days: int) -> bool:
    """Whether the month is due to close on `today`.

    The deadline day is the day the month closes (the daily task runs at 03:00 on
    it), so returns are due by the end of the working day before.
    """
    return today >= return_deadline(month, working_days)


def last_month_past_deadline(today: date, working_days: int) -> Month:
    month = Month.from_date(today).previous()
    while not is_past_deadline(month, today, working_days):
        month = month.previous()
    return month
