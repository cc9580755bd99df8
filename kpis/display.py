"""How a KPI value reads on screen: rounded to the KPI's decimal places, with its unit."""

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from .choices import Unit

SUFFIXES = {Unit.PERCENT: "%", Unit.DAYS: " days", Unit.HOURS: " hours"}


@cache
def _step(decimal_places: int) -> Decimal:
    return Decimal(1).scaleb(-decimal_places)


def display_value(value: Decimal | None, *, unit: str, decimal_places: int) -> str:
    if value is None:
        return ""
    if unit == Unit.YES_NO:
        return "Yes" if value == 1 else "No"
    rounded = value.quantize(_step(decimal_places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimal_places}f}"
    if unit == Unit.CURRENCY:
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return text + SUFFIXES.get(unit, "")


def display_kpi_value(value: Decimal | None, kpi) -> str:
    return display_value(value, unit=kpi.unit, decimal_places=kpi.decimal_places)
