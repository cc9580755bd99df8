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


def write_long_xlsx(path, header, row, count: int):
    """A workbook of `count` (a multiple of 1000) copies of `row` under `header`,
    written by openpyxl's streaming writer, then lengthened in the zip: a small file
    that unpacks to tens of megabytes, built in a second or two."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    sheet.append(row)
    skeleton = io.BytesIO()
    workbook.save(skeleton)
    archive = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(skeleton) as source, archive as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, data)
                continue
            before, row_xml, after = _split_second_row(data.decode())
            # Without its optional r="2", r="A2"… every row is the same bytes, which
            # deflate shrinks several hundred times, as in a real zip bomb.
            rows = re.sub(r' r="[A-Z]*2"', "", row_xml).encode() * 1000
            with target.open(item.filename, "w", force_zip64=True) as stream:
                stream.write(before.encode())
                for _ in range(count // 1000):
                    stream.write(rows)
                stream.write(after.encode())
    return path


def _split_second_row(xml: str):
    start = xml.index('<row r="2"')
    end = xml.index("</row>", start) + len("</row>")
    return xml[:start], xml[start:end], xml[end:]
