"""The rating Oversight proposes for one published KPI over an assessment period
(docs/procurement-act.md, "How Oversight proposes a rating"), as a pure function of the
KPI's monthly statuses as `KPIMonthStatus` holds them.

- Months in mitigation, not due, awaiting a figure or without a target are not judged;
  the notes list them. A missing month (closed, no approved figure) counts as red.
- No judged month: Other (the contract manager explains it).
- Any persistent failure in the period, or red in more than half the judged months:
  Inadequate.
- Otherwise any red: Requires improvement; otherwise any amber: Approaching target;
  otherwise (all green): Good.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from core.periods import Month
from kpis.choices import Status

from .choices import Rating

NOT_JUDGED = (Status.MITIGATED, Status.NOT_DUE, Status.AWAITING, Status.NO_TARGET)
# How the notes name each kind of month not judged, in the order they list them.
NOT_JUDGED_WORDS = {
    Status.MITIGATED: "in mitigation",
    Status.NOT_DUE: "not due",
    Status.AWAITING: "awaiting a figure",
    Status.NO_TARGET: "no target",
}


@dataclass(frozen=True)
class MonthInput:
    """One month of one KPI, as its `KPIMonthStatus` row says."""

    month: Month
    status: str
    persistent_failure: bool = False


@dataclass(frozen=True)
class RatingProposal:
    rating: Rating
    green: int
    amber: int
    red: int
    missing: int
    mitigated: int
    persistent_failure: bool
    not_judged: tuple[tuple[str, tuple[Month, ...]], ...]

    @property
    def judged(self) -> int:
        return self.green + self.amber + self.red + self.missing

    @property
    def notes(self) -> str:
        """“Not judged: in mitigation: May 2018, June 2018; not due: April 2018.”"""
        if not self.not_judged:
            return ""
        parts = [
            f"{NOT_JUDGED_WORDS[status]}: {', '.join(month.label for month in months)}"
            for status, months in self.not_judged
        ]
        return "Not judged: " + "; ".join(parts) + "."


def propose_rating(months: Iterable[MonthInput]) -> RatingProposal:
    counts = dict.fromkeys(Status, 0)
    not_judged: dict[str, list[Month]] = {status: [] for status in NOT_JUDGED}
    persistent = False
    for row in sorted(months, key=lambda row: row.month):
        counts[row.status] += 1
        if row.status in not_judged:
            not_judged[row.status].append(row.month)
        persistent = persistent or row.persistent_failure
    failing = counts[Status.RED] + counts[Status.MISSING]
    judged = failing + counts[Status.GREEN] + counts[Status.AMBER]
    return RatingProposal(
        rating=_rating(
            judged=judged, failing=failing, amber=counts[Status.AMBER], persistent=persistent
        ),
        green=counts[Status.GREEN],
        amber=counts[Status.AMBER],
        red=counts[Status.RED],
        missing=counts[Status.MISSING],
        mitigated=counts[Status.MITIGATED],
        persistent_failure=persistent,
        not_judged=tuple(
            (status, tuple(listed)) for status, listed in not_judged.items() if listed
        ),
    )


def _rating(*, judged: int, failing: int, amber: int, persistent: bool) -> Rating:
    if not judged:
        return Rating.OTHER
    if persistent or 2 * failing > judged:
        return Rating.SIGNIFICANTLY_BELOW
    if failing:
        return Rating.BELOW
    if amber:
        return Rating.SLIGHTLY_BELOW
    return Rating.MET
