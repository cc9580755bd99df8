"""Downloadable templates that are themselves importable (README, `import_returns`,
`import_kpis`): the importer's columns first, then columns it ignores, for reference."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from core.exports import append_safe_row
from core.periods import Month

from .choices import Unit
from .importing.definitions import KPI_COLUMNS, OPTIONAL_KPI_COLUMNS
from .models import KPIFigure, KPITarget
from .selectors import with_return_data
from .values import format_number

RETURN_COLUMNS = ["kpi_code", "period", "value", "commentary"]
RETURN_INFO_COLUMNS = ["name", "unit", "target", "minimum", "last month's value"]
TEXT_FORMAT = "@"

RETURN_INSTRUCTIONS = [
    "How to fill in this return",
    "Enter each KPI's figure in the value column and, if you wish, a commentary.",
    "Leave a value empty to skip that KPI: the rest of the file is still imported.",
    "Do not change kpi_code or period. The columns after commentary are for reference "
    "only and are not imported.",
    "Percentages may be written 95 or 95%; yes/no KPIs take yes or no.",
    "To correct a figure that is already approved, add a column correction_reason and "
    "give the reason on that row.",
    "Save as Excel Workbook (.xlsx) or CSV UTF-8, then upload it on the monthly return page.",
]
KPI_INSTRUCTIONS = [
    "How to fill in KPI definitions",
    "One row per target version: several rows with one code are versions by effective_from "
    "(YYYY-MM); the earliest is when the KPI goes live.",
    "unit: percent, number, days, hours, currency or yes_no. polarity: higher or lower. "
    "frequency: monthly or quarterly.",
    "An empty target means no target (recorded, not judged). A version taking effect in a "
    "closed month needs a contract variation reference in the variation column.",
    "decimal_places: how many decimal places values are shown with (0 to 6, default 2). "
    "description: what the KPI measures, shown on its page.",
    "published: yes for a key performance indicator set under the Procurement Act 2023 "
    "s.52 (published in the contract details notice and assessed in performance notices); "
    "empty means no.",
    "Importing the same rows again changes nothing.",
]


def returns_template(*, contract, month: Month, kpis) -> bytes:
    """One row per KPI due in `month`, with `kpi_code` and `period` filled in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Return {month}"
    append_safe_row(sheet, RETURN_COLUMNS + RETURN_INFO_COLUMNS)
    due = list(with_return_data(kpis.due_in(month), month))
    last_month = _values(due, month.previous())
    for row, kpi in enumerate(due, start=2):
        target = kpi.targets_in_force[0] if kpi.targets_in_force else None
        append_safe_row(
            sheet,
            [
                kpi.code,
                str(month),
                None,
                None,
                kpi.name,
                kpi.get_unit_display(),
                _number(target.target if target else None),
                _number(target.minimum if target else None),
                _number(last_month.get(kpi.pk)),
            ],
        )
        sheet.cell(row, 2).number_format = TEXT_FORMAT
        _validate_value(sheet, kpi, f"C{row}")
    _finish(sheet, widths={"A": 16, "B": 10, "C": 12, "D": 40, "E": 50})
    _instructions(workbook, RETURN_INSTRUCTIONS)
    return _saved(workbook)


def kpis_template(*, contract) -> bytes:
    """The contract's KPIs, one row per target version, ready to edit and import again."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    append_safe_row(sheet, [*KPI_COLUMNS, *OPTIONAL_KPI_COLUMNS])
    versions = KPITarget.objects.filter(kpi__contract=contract).select_related("kpi__service_area")
    for version in versions.order_by("kpi__code", "effective_from"):
        kpi = version.kpi
        append_safe_row(
            sheet,
            [
                kpi.code,
                kpi.name,
                kpi.service_area.name,
                kpi.unit,
                kpi.polarity,
                kpi.frequency,
                _number(version.target),
                _number(version.minimum),
                str(Month.from_date(version.effective_from)),
                _number(kpi.min_value),
                _number(kpi.max_value),
                "yes" if kpi.contractual else "no",
                str(kpi.retired_month) if kpi.retired_month else None,
                version.variation_reference or None,
                kpi.decimal_places,
                kpi.description or None,
                "yes" if kpi.published else "no",
            ],
        )
    for cells in sheet.iter_rows(min_row=2, min_col=9, max_col=9):
        cells[0].number_format = TEXT_FORMAT
    _finish(sheet, widths={"A": 16, "B": 50, "C": 30})
    _instructions(workbook, KPI_INSTRUCTIONS)
    return _saved(workbook)


def _values(kpis, month: Month) -> dict:
    figures = KPIFigure.objects.filter(kpi__in=kpis).in_month(month)
    return dict(figures.values_list("kpi_id", "value"))


def _number(value):
    """Decimals as numbers, written as entered (not 95.000000)."""
    if value is None:
        return None
    text = format_number(value)
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _validate_value(sheet, kpi, coordinate: str) -> None:
    if kpi.unit == Unit.YES_NO:
        rule = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
        rule.error = "Enter yes or no."
    else:
        low, high = kpi.allowed_range()
        low = -1e15 if low is None else float(low)
        high = 1e15 if high is None else float(high)
        rule = DataValidation(
            type="decimal", operator="between", formula1=str(low), formula2=str(high)
        )
        rule.allow_blank = True
        rule.error = f"Enter a number between {format_number(low)} and {format_number(high)}."
    rule.errorStyle = "warning"  # the importer has the last word
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(coordinate)


def _finish(sheet, *, widths: dict) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def _instructions(workbook, lines: list[str]) -> None:
    sheet = workbook.create_sheet("Instructions")
    for line in lines:
        append_safe_row(sheet, [line])
    sheet["A1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 100


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
