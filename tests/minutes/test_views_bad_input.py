"""Meeting filters and search answer a message, never a 500 (issue 10, item 10)."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999", "2018.5", "\x00"])
def test_meeting_list_refuses_an_impossible_year_with_a_message(client, administrator, year):
    meeting = MeetingFactory()
    client.force_login(administrator)
    response = client.get(reverse("minutes:meeting_list"), {"year": year})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-message" in content
    assert str(meeting.board) in content  # the filter is ignored, the list still shown


def test_meeting_search_refuses_a_nul_character_with_a_message(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("minutes:search"), {"q": "budget\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
