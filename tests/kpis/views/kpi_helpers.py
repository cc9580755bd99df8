"""Reading the KPI pages' responses."""

import html

from django.urls import reverse


def url(name, contract, *args):
    return reverse(f"kpis:{name}", args=[contract.reference, *args])


def text(response) -> str:
    return html.unescape(response.content.decode())


def kpi_data(area, **overrides):
    data = {
        "code": "csc_kpi_07",
        "name": "Calls answered within 60 seconds",
        "description": "",
        "service_area": area.pk,
        "unit": "percent",
        "polarity": "higher",
        "frequency": "monthly",
        "contractual": "on",
        "min_value": "",
        "max_value": "",
        "decimal_places": "1",
        "live_from": "2018-10",
        "retired_from": "",
    }
    return data | overrides
