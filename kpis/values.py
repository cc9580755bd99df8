"""Reading a KPI value as people write it, in the form and in spreadsheets."""

import re
from decimal import Decimal, InvalidOperation

from .choices import Unit

YES_WORDS = {"yes", "y", "true", "1"}
NO_WORDS = {"no", "n", "false", "0"}
MAX_DECIMAL_PLACES = 6
# The columns' size (numeric(24, 6)): a value must fit, or saving it fails.
VALUE_DIGITS = {"max_digits": 24, "decimal_places": MAX_DECIMAL_PLACES}
VALUE_LIMIT = Decimal(10) ** (VALUE_DIGITS["max_digits"] - MAX_DECIMAL_PLACES)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class InvalidValue(ValueError):
    """A value that cannot be accepted; the message is for the person who typed it."""


def parse_number(text, *, percent: bool = False) -> Decimal:
    """A decimal from a cell or field: thousands separators, a trailing % in a percent
    column, surrounding spaces and numbers stored as text are accepted."""
    if isinstance(text, bool):
        raise InvalidValue("Enter a number")
    if isinstance(text, int | Decimal | float):
        number = Decimal(repr(text) if isinstance(text, float) else text)
    else:
        number = _number_from_text(str(text), percent=percent)
    if not number.is_finite():
        raise InvalidValue(f"“{str(text).strip()}” is not a number")
    if abs(number) >= VALUE_LIMIT:
        raise InvalidValue(f"Enter a number between -{_LIMIT_TEXT} and {_LIMIT_TEXT}")
    return number


_LIMIT_TEXT = f"{VALUE_LIMIT - 1:,}"


def _number_from_text(text: str, *, percent: bool) -> Decimal:
    cleaned = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    cleaned = re.sub(r"^([+-]?)£", r"\1", cleaned)
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidValue(f"“{text.strip()}” is not a number") from None
    if number.is_finite() and -number.as_tuple().exponent > MAX_DECIMAL_PLACES:
        raise InvalidValue(f"Use at most {MAX_DECIMAL_PLACES} decimal places")
    return number


def parse_yes_no(text) -> Decimal:
    word = str(text).strip().lower()
    if isinstance(text, bool):
        word = "true" if text else "false"
    if word in YES_WORDS:
        return Decimal(1)
    if word in NO_WORDS:
        return Decimal(0)
    raise InvalidValue("Enter yes or no")


def parse_value(text, kpi) -> Decimal:
    """The KPI's value from what was typed, checked against its allowed range."""
    if kpi.unit == Unit.YES_NO:
        return parse_yes_no(text)
    number = parse_number(text, percent=kpi.unit == Unit.PERCENT)
    check_range(number, kpi)
    return number


def check_range(number: Decimal, kpi) -> None:
    low, high = kpi.allowed_range()
    if low is not None and number < low:
        raise InvalidValue(f"Must be {format_number(low)} or more")
    if high is not None and number > high:
        raise InvalidValue(f"Must be {format_number(high)} or less")


def format_number(number: Decimal | None) -> str:
    """A decimal without trailing zeros or exponent: 17.530000 → 17.53, 100.00 → 100."""
    if number is None:
        return ""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(number: Decimal | None, kpi) -> str:
    """A value as entered (exported, typed back into forms)."""
    if number is None:
        return ""
    if kpi.unit == Unit.YES_NO:
        return "yes" if number == 1 else "no"
    return format_number(number)
