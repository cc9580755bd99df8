from datetime import UTC, date, datetime

import pytest

from tests.factories import MeetingFactory, PackVersionFactory

pytestmark = pytest.mark.django_db


def _published(on: date, meeting_on: date):
    meeting = MeetingFactory(date=meeting_on)
    return PackVersionFactory(
        meeting=meeting, published_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC)
    )


def test_pack_published_five_clear_days_before_is_on_time():
    # Wednesday 17 October: 18, 19, 22, 23 and 24 October are clear working days.
    version = _published(date(2018, 10, 17), date(2018, 10, 25))
    assert version.clear_days_before_meeting == 5
    assert not version.is_late


def test_pack_published_four_clear_days_before_is_late():
    version = _published(date(2018, 10, 18), date(2018, 10, 25))
    assert version.clear_days_before_meeting == 4
    assert version.is_late


def test_pack_late_rule_skips_bank_holidays():
    # 24 December 2018 is a working day; 25, 26 December and 1 January are not.
    version = _published(date(2018, 12, 21), date(2019, 1, 3))
    assert version.clear_days_before_meeting == 5
    assert not version.is_late
