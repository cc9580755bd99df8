"""The house formats for people's names, dates and times, as the GOV.UK style guide writes them.

Templates use the `person_name` and `govuk_date` filters (`core/templatetags/govuk.py`),
tables `core.tables.DateColumn`, Python code these functions, so a date reads the same on
every page, in every export and in every email.
"""

from datetime import date, datetime, time

from django.utils import timezone

# "25 October 2018": no ordinals, no comma. "25 Oct 2018" where space is short (tables);
# "Thursday 25 October 2018" where the day of the week matters (meetings, deadlines).
DATE_STYLES = {
    "long": "%-d %B %Y",
    "short": "%-d %b %Y",
    "weekday": "%A %-d %B %Y",
}
# Styles for a moment rather than a day: "25 October 2018 at 2:30pm".
TIME_STYLES = {"long_time": "long", "short_time": "short"}


def person_name(user, nobody: str = "") -> str:
    """A person as others see them: their full name, or their username if they gave none;
    `nobody` when there is no one (a system change, an unknown uploader)."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def format_time(value: time | datetime) -> str:
    """GOV.UK times: “10am”, “2:30pm”, “midday”, “midnight”."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def format_date(value: date | datetime | time | None, style: str = "long") -> str:
    """A date, a moment or a time of day in the house style (see DATE_STYLES and
    TIME_STYLES; a time of day is always “2:30pm”). A moment is shown in local time.
    Nothing gives an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, time) or style == "time":
        return format_time(value)
    if style in TIME_STYLES:
        return f"{value.strftime(DATE_STYLES[TIME_STYLES[style]])} at {format_time(value)}"
    return value.strftime(DATE_STYLES[style])
