from django import template

from core.periods import Month

register = template.Library()


@register.filter
def lines(text: str) -> list[str]:
    """The non-empty lines of a text written one item a line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def month_label(day) -> str:
    """The month a date falls in, as “April 2018”."""
    return Month.from_date(day).label
