"""Pages go out compressed, with Django's BREACH mitigation, and forms still work."""

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def page_text(response) -> str:
    assert response["Content-Encoding"] == "gzip"
    return gzip.decompress(response.content).decode()


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home"), **GZIP)
    assert response.status_code == 200
    assert "Your contracts" in page_text(response)
    assert len(response.content) < len(page_text(response))
    assert "Accept-Encoding" in response["Vary"]


def test_a_page_is_plain_for_a_client_that_does_not_accept_gzip(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert not response.has_header("Content-Encoding")
    assert "Your contracts" in response.content.decode()


def test_compressed_lengths_are_padded_at_random_against_breach(client):
    """Django pads the gzip header's file name with 0-99 random bytes: the same page
    comes out at different lengths, so its length says nothing about its secrets."""
    client.force_login(UserFactory())
    responses = [client.get(reverse("home"), **GZIP) for _ in range(12)]
    assert all(r.content[3] & gzip.FNAME for r in responses)
    assert len({len(r.content) for r in responses}) > 1


def test_a_form_read_compressed_still_posts_with_its_csrf_token():
    UserFactory(username="olivia")
    client = Client(enforce_csrf_checks=True)
    form = page_text(client.get(reverse("login"), **GZIP))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    response = client.post(
        reverse("login"),
        {"username": "olivia", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
        **GZIP,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
