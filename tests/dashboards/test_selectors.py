from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.periods import Month
from dashboards.selectors import anchor_month, home_cards
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db
TODAY = datetime(2018, 11, 20, 12, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("closed_through", "anchor"), [(date(2018, 6, 1), Month(2018, 6)), (None, Month(2018, 10))]
)
def test_anchor_month_is_the_last_closed_month_or_last_month(closed_through, anchor):
    contract = ContractFactory(closed_through=closed_through)

    with time_machine.travel(TODAY, tick=False):
        assert anchor_month(contract) == anchor
        # The home page's card opens the month after the dashboard's last one.
        assert home_cards([contract])[0].open_month == anchor.next()


def test_the_headline_from_the_months_summaries_equals_the_databases_totals():
    from dashboards.ranges import MonthRange
    from dashboards.selectors import headline, monthly_summaries
    from tests.dashboards.test_contract_dashboard import build_contract

    contract = build_contract(kpis=4, months=6)
    month_range = MonthRange("custom", Month(2018, 3), Month(2018, 9))  # March: no summary
    summed = headline(contract, month_range, monthly_summaries(contract, month_range))

    assert summed == headline(contract, month_range)
    assert summed.measured > 0
