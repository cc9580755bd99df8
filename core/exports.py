"""CSV and XLSX downloads of a django-tables2 table, exactly as shown.

Cells are safe against formula injection (every writer of a spreadsheet or CSV, the
templates and `export_figures` included, writes through `safe_cell`): text starting
with = + - @ (or a tab or carriage return) is prefixed with an apostrophe; numbers stay
numbers, including numbers a table shows as text ("-5", "-1,200.5", "-12%"), which no
spreadsheet runs.
In XLSX a plain number shown as text ("-5.25") is written as a number.
"""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TEXT = re.compile(r"^[-+]?£?\d{1,3}(,?\d{3})*(\.\d+)?%?$")
PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d{0,14})(\.\d+)?$")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER_TEXT.match(text):
        return "'" + text
    return text


class SafeCSVWriter:
    """A csv.writer whose every cell goes through `safe_cell`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row) -> None:
        self._writer.writerow(["" if v is None else safe_cell(v) for v in row])


def append_safe_row(sheet, row) -> None:
    """Append a row to an openpyxl sheet, every cell through `safe_cell`."""
    sheet.append([safe_cell(v) for v in row])


def rows_to_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = SafeCSVWriter(buffer)
    for row in rows:
        writer.writerow(row)
    # A byte-order mark so Excel reads UTF-8 (pound signs, dashes) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(rows, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if isinstance(value, str) and PLAIN_NUMBER.match(value):
        return Decimal(value)
    return safe_cell(value)


def export_response(rows, fmt: str, filename: str) -> HttpResponse:
    rows = list(rows)
    if fmt == "xlsx":
        response = HttpResponse(rows_to_xlsx(rows, filename), content_type=XLSX_TYPE)
    else:
        fmt = "csv"
        response = HttpResponse(rows_to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def export_table(table, fmt: str, filename: str) -> HttpResponse:
    return export_response(table.as_values(), fmt, filename)
