"""When things in the demo happened. The importers and services stamp what they write
with the present moment, as they should; the demo replays 2017–18, so after each write
it dates the rows it has just added to when the council made them. Only the demo does
this, and only to rows it created in the same run.

simple_history takes a change's author from the web request; a command has none, so the
demo also names the person on the history rows it dates."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from core.periods import Month, working_days_after

LONDON = ZoneInfo("Europe/London")


def after_month(month: Month, working_days: int, at: time) -> datetime:
    """The `working_days`-th working day after `month` ends, at `at`, London time."""
    return datetime.combine(working_days_after(month.last_day, working_days), at, LONDON)


def at(hour: int, minute: int) -> time:
    """`minute` may run past 59: 9:75 is 10:15."""
    return time(hour + minute // 60, minute % 60)


def date_history(model, pk: int, when: datetime, user, **fields) -> None:
    """Date the history rows of one object (it has only its creation's) to `when`."""
    model.history.filter(id=pk).update(history_date=when, history_user=user, **fields)
