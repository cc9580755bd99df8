from datetime import UTC, datetime

import pytest
import time_machine

# The demo's moment: September 2018 is closed, October 2018 is open, November is future.
OCTOBER_2018 = datetime(2018, 10, 15, 12, tzinfo=UTC)


@pytest.fixture
def october_2018():
    with time_machine.travel(OCTOBER_2018, tick=False):
        yield
