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
