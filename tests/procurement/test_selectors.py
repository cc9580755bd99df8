from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.periods import Month
from procurement.choices import Rating
from procurement.selectors import proposals

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def test_proposals_rate_each_published_kpi(scored):
    found = {row.kpi.code: row.proposal for row in proposals(scored, *PERIOD)}
    assert set(found) == {"CSC_KPI_04", "CSC_KPI_07"}
    assert found["CSC_KPI_04"].rating == Rating.MET
    seven = found["CSC_KPI_07"]
    assert seven.rating == Rating.BELOW
    assert (seven.green, seven.amber, seven.red, seven.missing, seven.mitigated) == (8, 1, 1, 1, 1)
    assert seven.notes == "Not judged: in mitigation: November 2017."


def test_proposals_read_statuses_in_one_query(scored, django_assert_num_queries):
    with django_assert_num_queries(2):  # the KPIs, then their statuses
        proposals(scored, *PERIOD)


def test_proposals_months_after_the_last_closed_month_await_figures(scored):
    found = {
        row.kpi.code: row.proposal for row in proposals(scored, Month(2018, 10), Month(2019, 9))
    }
    assert found["CSC_KPI_04"].rating == Rating.OTHER
    assert "awaiting a figure: October 2018" in found["CSC_KPI_04"].notes


def test_proposals_leave_out_kpis_retired_before_the_period(scored):
    scored.kpis.filter(code="CSC_KPI_07").update(retired_from=date(2017, 10, 1))
    assert [row.kpi.code for row in proposals(scored, *PERIOD)] == ["CSC_KPI_04"]


def run(*args):
    out = StringIO()
    call_command("assess_kpis", *args, stdout=out)
    return out.getvalue()


def test_assess_kpis_prints_the_proposals_as_csv(scored):
    out = run("--contract", "cssc", "--from", "2017-10", "--to", "2018-09")
    assert out.splitlines() == [
        "kpi_code,rating,green,amber,red,missing,mitigated",
        "CSC_KPI_04,met,12,0,0,0,0",
        "CSC_KPI_07,below,8,1,1,1,1",
    ]


def test_assess_kpis_saves_nothing(scored, django_assert_num_queries):
    with django_assert_num_queries(3):  # the contract, the KPIs, their statuses
        run("--contract", "CSSC", "--from", "2017-10", "--to", "2018-09")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--contract", "NOPE", "--from", "2017-10", "--to", "2018-09"), "No contract"),
        (("--contract", "CSSC", "--from", "2017-13", "--to", "2018-09"), "2017-13"),
        (("--contract", "CSSC", "--from", "2018-10", "--to", "2018-09"), "before"),
    ],
)
def test_assess_kpis_refuses_bad_arguments(scored, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
