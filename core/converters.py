"""URL path converters: a month written `YYYY-MM` arrives in views as a `Month`."""

from .periods import Month


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> Month:
        # Month.parse raises ValueError for month 00 or 13, or a year out of range (0000,
        # 9999), which Django turns into a 404.
        return Month.parse(value)

    def to_url(self, value) -> str:
        return str(value)
