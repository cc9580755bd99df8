"""The service navigation: the sections a user may open, the current one marked."""

import pytest
from django.urls import reverse

from config import navigation
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_a_page_of_tables_and_panels_marks_its_section_and_works_it_out_once(
    client, clerk, monkeypatch
):
    ActionFactory.create_batch(2)
    calls = []
    work_out = navigation._navigation
    monkeypatch.setattr(navigation, "_navigation", lambda r: calls.append(r) or work_out(r))
    client.force_login(clerk)
    page = client.get(reverse("minutes:action_list")).content.decode()
    assert page.count('aria-current="true"') == 1
    assert 'href="/actions/" aria-current="true"' in page
    assert len(calls) == 1  # the table renders with the request's context processors too
    client.logout()
    assert 'href="/actions/"' not in client.get(reverse("login")).content.decode()
