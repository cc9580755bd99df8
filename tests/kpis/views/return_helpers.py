"""Posting a monthly return and reading its figures."""

from datetime import date

from kpis.models import KPIFigure
from tests.kpis.views_helpers import (
    return_url,
)

SEPTEMBER = date(2018, 9, 1)


OCTOBER = date(2018, 10, 1)


def figures():
    return {
        (f.kpi.code, f.period): (f.value, f.commentary, f.state, f.version)
        for f in KPIFigure.objects.select_related("kpi")
    }


def post_return(client, contract, period, *rows, action="draft"):
    data = {"action": action}
    for row in rows:
        data.update(row)
    return client.post(return_url(contract, period), data)
