"""Building the files people import: CSV as Excel saves it, XLSX as openpyxl writes it."""

import csv
import io
import re
import zipfile

from openpyxl import Workbook

RETURN_HEADER = ["kpi_code", "period", "value", "commentary"]


def write_csv(path, rows, *, delimiter=",", bom=False):
    encoding = "utf-8-sig" if bom else "utf-8"
    with open(path, "w", newline="", encoding=encoding) as file_obj:
        csv.writer(file_obj, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path, rows, *, formats=None):
    """`formats`: {"C2": "0%"} number formats for some cells."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    workbook.save(path)
    return path


def cache_formula_result(path, coordinate, result):
    """Give a formula cell the saved result Excel would write (openpyxl writes none)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                pattern = rf'(<c r="{coordinate}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>'
                xml, found = re.subn(pattern, rf"\1<v>{result}</v>", data.decode())
                assert found == 1, "no formula without a result in that cell"
                data = xml.encode()
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    return path
