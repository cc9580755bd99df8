from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.charts import value_chart
from kpis.models import KPIMonthStatus
from kpis.recompute import recompute_statuses
from tests.charts import HOSTILE_TEXT, assert_shown_as_text
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory


def row(month, status, value, target=Decimal(95), minimum=Decimal(90)):
    return KPIMonthStatus(
        period=date(2018, month, 1),
        status=status,
        underlying_status=status,
        value=value,
        target=target,
        minimum=minimum,
    )


def test_the_value_chart_draws_bands_in_the_order_of_the_polarity():
    rows = [row(4, "green", Decimal(96)), row(5, "red", Decimal(80))]
    higher = value_chart(rows=rows, polarity="higher", display=str)
    names = [t.get("name") for t in higher["data"] if t.get("fill") == "tonexty"]
    assert names == [
        "Below minimum (red)",
        "Between minimum and target (amber)",
        "Meets target (green)",
    ]
    lower = value_chart(rows=rows, polarity="lower", display=str)
    assert [t.get("name") for t in lower["data"] if t.get("fill")][0] == "Meets target (green)"


def test_each_point_says_its_status_in_words_and_by_shape():
    rows = [row(4, "green", Decimal(96)), row(5, "missing", None), row(6, "red", Decimal(80))]
    chart = value_chart(rows=rows, polarity="higher", display=lambda v: f"{v}%")
    points = chart["data"][-1]
    assert list(points["x"]) == ["Apr 2018", "May 2018", "Jun 2018"]
    assert list(points["y"]) == [96.0, None, 80.0]
    assert list(points["text"]) == ["Green: 96%", "Missing: no approved figure", "Red: 80%"]
    assert list(points["marker"]["symbol"]) == ["circle", "circle-open", "x"]


@pytest.mark.django_db
def test_the_kpi_page_carries_the_chart_data(client, administrator):
    contract = ContractFactory(reference="CSSC", closed_through=date(2018, 5, 1))
    kpi = KPIFactory(contract=contract, code="CSC_KPI_04", live_from=date(2018, 4, 1))
    KPITargetFactory(kpi=kpi)
    KPIFigureFactory(kpi=kpi, period=date(2018, 4, 1), value=Decimal("17.53"))
    recompute_statuses(contract=contract)
    client.force_login(administrator)
    page = client.get(reverse("kpis:detail", args=["CSSC", "CSC_KPI_04"])).content.decode()
    assert 'data-chart="kpi-chart"' in page
    assert '<script id="kpi-chart" type="application/json">' in page
    assert "Red: 17.53%" in page


def test_the_value_chart_shows_text_as_text_not_markup():
    rows = [row(4, "green", Decimal(96)), row(5, "missing", None)]

    chart = value_chart(rows=rows, polarity="higher", display=lambda value: HOSTILE_TEXT)

    assert_shown_as_text(chart)
