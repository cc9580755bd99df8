"""Every spreadsheet and CSV the app writes goes through one formula-injection guard
(issue 10, item 11): text starting = + - @ tab or CR is neutralised, numbers stay numbers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from core.exports import export_response
from core.periods import Month
from kpis.models import KPI
from kpis.spreadsheets import kpis_template, returns_template
from tests.factories import KPIFactory, KPIFigureFactory, KPITargetFactory

pytestmark = pytest.mark.django_db
STARTS = ["=", "+", "-", "@", "\t", "\r"]


def hostile(start: str) -> str:
    return f'{start}HYPERLINK("http://evil.example","x")'


@pytest.fixture(params=STARTS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def start(request):
    return request.param


@pytest.fixture
def kpi(contract, start):
    area = contract.service_areas.first()
    area.name = hostile(start)
    area.save()
    kpi = KPIFactory(
        contract=contract,
        service_area=area,
        code="CALLS",
        unit="number",
        name=hostile(start),
        live_from=date(2018, 4, 1),
    )
    KPITargetFactory(
        kpi=kpi,
        effective_from=date(2018, 4, 1),
        target=Decimal(-5),
        minimum=Decimal(-7),
        variation_reference=hostile(start),
    )
    KPIFigureFactory(kpi=kpi, period=date(2018, 9, 1), value=Decimal("-12.5"))
    # A code saved before codes had a rule still reaches the writers.
    KPI.objects.filter(pk=kpi.pk).update(code=hostile(start))
    return KPI.objects.get(pk=kpi.pk)


def xlsx_cells(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell.value for row in sheet.iter_rows() for cell in row]


def assert_neutralised(cells, start, count=1):
    # XML keeps a CR as a line break: compare what follows the first character.
    written = [cell for cell in cells if isinstance(cell, str) and "HYPERLINK" in cell]
    assert len(written) == count
    assert all(cell.startswith("'") and cell[2:] == hostile(start)[1:] for cell in written)


def test_formula_guard_in_the_returns_template(contract, kpi, start):
    data = returns_template(
        contract=contract, month=Month(2018, 10), kpis=KPI.objects.for_contract(contract)
    )
    cells = xlsx_cells(data)
    assert_neutralised(cells, start, count=2)  # code, name
    assert -5 in cells and -7 in cells and -12.5 in cells  # target, minimum, last month


def test_formula_guard_in_the_kpis_template(contract, kpi, start):
    cells = xlsx_cells(kpis_template(contract=contract))
    assert_neutralised(cells, start, count=4)  # code, name, service area, variation
    assert -5 in cells and -7 in cells


def test_formula_guard_in_export_figures(contract, kpi, start):
    from kpis.recompute import recompute_statuses

    recompute_statuses(contract=contract)
    out = io.StringIO()
    call_command("export_figures", contract=contract.reference, stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    september = next(row for row in rows if row[1] == "2018-09")
    assert september[0] == f"'{hostile(start)}"
    assert september[2] == "-12.5" and september[5] == "-5"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_guard_in_table_exports(fmt, start):
    rows = [["Name", "Value", "Shown"], [hostile(start), Decimal("-12.5"), "-1,200.5"]]
    response = export_response(rows, fmt, "export")
    if fmt == "xlsx":
        cells = xlsx_cells(response.content)
    else:
        text = response.content.decode("utf-8-sig")
        cells = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert_neutralised(cells, start)
    assert cells[-2] in (Decimal("-12.5"), -12.5, "-12.5") and cells[-1] == "-1,200.5"
