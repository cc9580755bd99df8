"""What a file must be before it is parsed at all: small enough, really CSV or XLSX,
no macros, no zip bomb (docs/domain.md, "Reading files"; settings `UPLOAD_MAX_*`).

The checks look at the bytes, not the file name: a PNG renamed .xlsx is refused as
what it is. A workbook's uncompressed size is read from the zip's central directory,
which costs nothing, before openpyxl inflates anything.
"""

import zipfile
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .results import ImportFileError

ZIP_MAGIC = b"PK\x03\x04"
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
MACRO_MARKERS = ("vbaproject.bin", "macroenabled")


def check_file(data: bytes, filename: str) -> None:
    """Refuse a file that is too big, not what its name says, macro-enabled or a zip
    bomb; raises ImportFileError with a message for the person who chose it."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ImportFileError(
            f"The file is {filesizeformat(len(data))}: the largest accepted is "
            f"{filesizeformat(settings.UPLOAD_MAX_BYTES)}."
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsm":
        raise ImportFileError(_MACROS)
    if suffix == ".xlsx":
        check_workbook(data)
    elif suffix == ".csv":
        check_text(data)


def limit_rows(numbered):
    """The filled rows of a file read row by row, header included; refuses the file as
    soon as it has one row too many, so a huge file costs no more than a full one.
    Empty rows are skipped, but only as many of them as the limit."""
    limit = settings.UPLOAD_MAX_ROWS
    filled = blank = 0
    for number, cells in numbered:
        if all(map(is_blank, cells)):
            blank += 1
            if blank > limit:
                raise ImportFileError(_too_many(limit, "empty rows"))
            continue
        filled += 1
        if filled > limit + 1:  # the header is not a row of data
            raise ImportFileError(_too_many(limit, "rows"))
        yield number, cells


def _too_many(limit: int, what: str) -> str:
    return (
        f"The file has more than {limit:,} {what}: the most accepted is {limit:,}. "
        "Split it into several files."
    )


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_MACROS = "Workbooks with macros cannot be imported: save it as .xlsx (Excel Workbook) or .csv."
_NOT_XLSX = "The file cannot be read as an Excel workbook (.xlsx): it is not one."


def check_workbook(data: bytes) -> None:
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(_NOT_XLSX)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            content_types = archive.read("[Content_Types].xml") if XLSX_PARTS[0] in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        raise ImportFileError(_NOT_XLSX) from None
    if not all(part in names for part in XLSX_PARTS):
        raise ImportFileError(_NOT_XLSX)
    lowered = " ".join(names).lower() + content_types.decode("utf-8", "replace").lower()
    if any(marker in lowered for marker in MACRO_MARKERS):
        raise ImportFileError(_MACROS)
    uncompressed = sum(entry.file_size for entry in entries)
    if uncompressed > settings.UPLOAD_MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            f"The workbook unpacks to {filesizeformat(uncompressed)}: the most accepted is "
            f"{filesizeformat(settings.UPLOAD_MAX_UNCOMPRESSED_BYTES)}. Save only the "
            "sheet with the figures, or save it as .csv."
        )


def check_text(data: bytes) -> None:
    if b"\x00" in data:
        raise ImportFileError(
            "The file is not a CSV text file (it holds binary data): save it as "
            "“CSV UTF-8 (comma delimited)”."
        )
