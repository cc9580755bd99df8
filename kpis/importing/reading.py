"""Reading a CSV or XLSX file into numbered rows of cells (docs/domain.md, "Reading files").

Cells keep the type the file gave them (text, int, Decimal, date, bool, None); the
importers interpret them. Row numbers are the ones the spreadsheet shows: the header
is row 1 when it is the first row.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

from django.conf import settings
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from core.periods import Month

from ..values import MAX_DECIMAL_PLACES, format_number
from .limits import check_file, is_blank, limit_rows
from .results import ImportFileError

DELIMITERS = (",", ";", "\t")
_QUOTED = re.compile(r'"[^"]*"')


def column_key(header) -> str:
    """Headers match ignoring case, surrounding spaces, inner spaces and underscores."""
    return re.sub(r"[\s_]+", "", str(header)).lower()


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict  # column key -> cell

    def get(self, column: str):
        return self.cells.get(column_key(column))


@dataclass(frozen=True)
class Table:
    """The file's rows under its header; blank rows left out."""

    headers: dict  # column key -> the header as written (first of repeated ones)
    rows: list
    repeated: frozenset = frozenset()

    def has(self, column: str) -> bool:
        return column_key(column) in self.headers

    def require(self, required, optional=()) -> None:
        """Refuse a file without a required column, or repeating a column we read."""
        missing = [c for c in required if not self.has(c)]
        if missing:
            raise ImportFileError(f"The header row has no {' or '.join(missing)} column.")
        for column in (*required, *optional):
            if column_key(column) in self.repeated:
                raise ImportFileError(f"The column {column} appears more than once.")


def read_table(file_obj, filename: str) -> Table:
    """The rows of a CSV (UTF-8, comma or semicolon separated) or XLSX file (its first
    sheet); the header is the first row with anything in it.

    Raises ImportFileError, with a message for the person who chose the file, when it
    cannot be read at all, or breaks a limit (`limits.py`)."""
    data = file_obj.read(settings.UPLOAD_MAX_BYTES + 1)
    check_file(data, filename)
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        numbered = _csv_rows(data)
    elif suffix in (".xlsx", ".xlsm"):
        numbered = _xlsx_rows(data)
    elif suffix == ".xls":
        raise ImportFileError("Old .xls workbooks cannot be read: save it as .xlsx or .csv.")
    else:
        raise ImportFileError("Choose a .csv or .xlsx file.")
    return _table(limit_rows(numbered))


def _table(filled) -> Table:
    """`filled`: the (number, cells) of the rows with something in them, read lazily."""
    first = next(filled, None)
    if first is None:
        raise ImportFileError("The file is empty.")
    header = first[1]
    headers, positions, repeated = {}, {}, set()
    for position, text in enumerate(header):
        if is_blank(text):
            continue
        key = column_key(text)
        if key in headers:
            repeated.add(key)
            continue
        headers[key], positions[key] = str(text).strip(), position
    rows = [
        Row(number, {key: cells[i] if i < len(cells) else None for key, i in positions.items()})
        for number, cells in filled
    ]
    return Table(headers=headers, rows=rows, repeated=frozenset(repeated))


# CSV ---------------------------------------------------------------------------------


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text: in Excel, save it as “CSV UTF-8 (comma delimited)”."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        # One record per spreadsheet row, even when quoted text spans several lines;
        # read one at a time, so the row limit stops a long file early.
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise ImportFileError(f"Row {reader.line_num} cannot be read: {error}.") from None


def _delimiter(text: str) -> str:
    """The separator used most in the header line (the first line with text)."""
    header = next((line for line in io.StringIO(text) if line.strip()), "")
    header = _QUOTED.sub("", header)
    return max(DELIMITERS, key=header.count)


# XLSX --------------------------------------------------------------------------------


def _xlsx_rows(data: bytes):
    """The first sheet's rows, streamed (read-only mode): the row limit stops a
    workbook of millions of rows after its first few thousand."""
    uncached = set()
    workbook = None
    # openpyxl raises many kinds of error for a damaged or foreign file; any of them
    # means the same to the person who chose it.
    try:
        workbook = _first_sheet_workbook(data, data_only=True)
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            uncached.update(c.coordinate for c in cells if _may_be_uncached_formula(c))
            yield number, [_cell_value(cell) for cell in cells]
        formulas = _formula_cells(data, uncached) if uncached else []
    except Exception:
        raise ImportFileError("The file cannot be read as an Excel workbook (.xlsx).") from None
    finally:
        if workbook is not None:
            workbook.close()
    if formulas:
        raise ImportFileError(_uncalculated_message(formulas))


class _SizelessSheet(ReadOnlyWorksheet):
    """A read-only sheet that takes no size from the file: some writers record a wrong
    one, and when a file records none (it is optional) openpyxl parses the whole sheet
    to find it before the first row is read, which costs a zip bomb's full size."""

    def _get_size(self):
        self.reset_dimensions()


class _FirstSheetReader(ExcelReader):
    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                self.wb._sheets.append(
                    _SizelessSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                )
                return


def _first_sheet_workbook(data: bytes, *, data_only: bool):
    """The workbook, read-only (rows streamed), with only its first sheet."""
    reader = _FirstSheetReader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    return reader.wb


def _uncalculated_message(cells: list) -> str:
    named = f"Cell {cells[0]} has" if len(cells) == 1 else f"Cells {', '.join(cells[:10])} have"
    return (
        f"{named} a formula with no saved result: open the file in Excel or LibreOffice, "
        "let it calculate, save it and try again."
    )


def _may_be_uncached_formula(cell) -> bool:
    # Read for values, a formula without a saved result looks like an empty number
    # cell (a saved empty text result has the type "str").
    return cell.value is None and cell.data_type == "n" and _is_stored(cell)


def _is_stored(cell) -> bool:
    """Cells present in the sheet's XML (gaps between them are placeholder cells)."""
    return hasattr(cell, "coordinate")


def _formula_cells(data: bytes, coordinates: set) -> list:
    """Which of these empty-looking cells hold a formula whose result was never saved."""
    workbook = _first_sheet_workbook(data, data_only=False)
    sheet = workbook.worksheets[0]
    found = [
        cell.coordinate
        for cells in sheet.iter_rows()
        for cell in cells
        if _is_stored(cell) and cell.coordinate in coordinates and cell.data_type == "f"
    ]
    workbook.close()
    return found


def _cell_value(cell):
    value = cell.value
    if isinstance(value, float):
        value = _float_decimal(value)
    is_number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if is_number and _shows_percent(getattr(cell, "number_format", "")):
        # Excel keeps 95% as 0.95; the person typed and sees 95%.
        return f"{format_number(Decimal(value) * 100)}%"
    if isinstance(value, datetime):
        return value.date()
    return value


def _float_decimal(value: float) -> Decimal:
    # A float is a binary approximation (0.1 + 0.2 is 0.30000000000000004); values are
    # kept to 6 decimal places, so that is what the cell is taken to mean.
    number = Decimal(repr(value))
    if -number.as_tuple().exponent > MAX_DECIMAL_PLACES:
        number = number.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES), ROUND_HALF_UP)
    return number


def _shows_percent(number_format: str) -> bool:
    return "%" in _QUOTED.sub("", number_format or "")


def cell_text(value) -> str:
    """A cell as text: dates as YYYY-MM-DD, numbers without exponent, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def month_from_cell(value) -> Month:
    """A month written YYYY-MM, or a date cell (Excel turns 2018-09 into one)."""
    if isinstance(value, date):
        return Month.from_date(value)
    if is_blank(value):
        raise ValueError("Enter the month, written YYYY-MM")
    return Month.parse(str(value).strip())
