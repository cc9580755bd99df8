"""When a contract's next assessment is due (s.71(2): at least once in every 12 months
of the contract), as pure functions. The next period is the 12 months after the previous
assessment's period, or from the contract's start; it is due by the end of that period,
and Oversight warns from 30 days before."""

from dataclasses import dataclass
from datetime import date, timedelta

from core.periods import Month

ASSESSMENT_MONTHS = 12
WARNING_DAYS = 30


@dataclass(frozen=True)
class NextAssessment:
    start: Month
    end: Month

    @property
    def due(self) -> date:
        return self.end.last_day

    @property
    def warn_from(self) -> date:
        return self.due - timedelta(days=WARNING_DAYS)

    def is_overdue(self, today: date) -> bool:
        return today > self.due

    def is_due_soon(self, today: date) -> bool:
        return self.warn_from <= today <= self.due


def next_assessment(*, previous_end: Month | None, contract_start: Month) -> NextAssessment:
    start = previous_end.next() if previous_end is not None else contract_start
    return NextAssessment(start=start, end=start.add(ASSESSMENT_MONTHS - 1))
