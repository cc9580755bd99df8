"""The month ranges a dashboard shows, anchored on the contract's last closed month —
never on today's date, so a board pack reads the same whenever it is opened."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models

from core.periods import Month


class RangeKind(models.TextChoices):
    FYTD = "fytd", "Financial year to date"
    QUARTER = "quarter", "Latest quarter"
    LATEST = "latest", "Latest closed month"
    CUSTOM = "custom", "Months of my choosing"


CHOICES = RangeKind.choices
MAX_MONTHS = 60


@dataclass(frozen=True)
class MonthRange:
    kind: str
    start: Month
    end: Month

    @property
    def key(self) -> str:
        return f"{self.kind}_{self.start}_{self.end}"

    @property
    def querystring(self) -> str:
        """The range as a query string, for links: nothing else the request carried."""
        if self.kind == RangeKind.CUSTOM:
            return urlencode({"range": self.kind, "from": self.start, "to": self.end})
        return urlencode({"range": self.kind})

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.label
        return f"{self.start.label} to {self.end.label}"

    def months(self) -> list[Month]:
        return [self.start.add(i) for i in range(self.end.months_since(self.start) + 1)]


def resolve_range(anchor: Month, params) -> tuple[MonthRange, list[str]]:
    """The range asked for in the query string, and any problems with it (then the
    default range is used and the problem shown)."""
    kind = params.get("range") or RangeKind.FYTD
    if kind == RangeKind.LATEST:
        return MonthRange(kind, anchor, anchor), []
    if kind == RangeKind.QUARTER:
        return MonthRange(kind, anchor.quarter_start, anchor), []
    if kind == RangeKind.CUSTOM:
        errors = []
        try:
            start = Month.parse(params.get("from", ""))
            end = Month.parse(params.get("to", ""))
        except ValueError as error:
            errors.append(f"From and to months: {error}.")
        else:
            if end < start:
                errors.append("The “to” month must not be before the “from” month.")
            elif end.months_since(start) >= MAX_MONTHS:
                errors.append(f"Choose at most {MAX_MONTHS} months.")
            else:
                return MonthRange(kind, start, end), []
        return MonthRange(RangeKind.FYTD, anchor.financial_year_start, anchor), errors
    return MonthRange(RangeKind.FYTD, anchor.financial_year_start, anchor), []
