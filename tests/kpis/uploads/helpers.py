"""Sending spreadsheets through the upload page, as a browser does."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kpis.models import Upload

from ..spreadsheets import RETURN_HEADER

OCTOBER = date(2018, 10, 1)
SEPTEMBER = date(2018, 9, 1)
COMMENTARY = "Cost £1,200 – “agreed” by the board’s chair.\nSee p. 2. " + "x" * 5000

GOOD_ROWS = [RETURN_HEADER, ["IMT_KPI_01", "2018-10", "96"]]


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def csv_bytes(rows, *, delimiter=",", bom=True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def xlsx_bytes(rows, *, formats=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def send(client, contract, name, data, *, month="2018-10", capture, path=None):
    """Upload a file as the signed-in user; returns the upload and its page."""
    path = path or url("upload_new", contract, month)
    with capture(execute=True):
        response = client.post(path, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    upload = Upload.objects.latest("pk")
    assert response["Location"] == upload.get_absolute_url()
    return upload, client.get(response["Location"]).content.decode()


def confirm(client, upload, capture):
    with capture(execute=True):
        response = client.post(upload.get_absolute_url())
    assert response.status_code == 302
    upload.refresh_from_db()
    return client.get(response["Location"]).content.decode()
