"""The one rule for a KPI code, used by the model field, the KPI form, the importer
and the URL converter: a code always makes a valid address and a harmless cell."""

import re

from django.core.validators import RegexValidator

CODE_MAX_LENGTH = 40  # KPI.code's column
CODE_PATTERN = rf"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{CODE_MAX_LENGTH - 1}}}"
CODE_MESSAGE = (
    f"Use up to {CODE_MAX_LENGTH} letters, digits, underscores, hyphens or full stops, "
    "starting with a letter or digit, for example CSC_KPI_04"
)

validate_kpi_code = RegexValidator(rf"\A{CODE_PATTERN}\Z", CODE_MESSAGE)


def is_kpi_code(text: str) -> bool:
    return re.fullmatch(CODE_PATTERN, text) is not None


class KPICodeConverter:
    """`<kpi_code:code>` in an address: anything else is a 404 before a view runs."""

    regex = CODE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
