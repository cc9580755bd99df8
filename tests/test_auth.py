import time

import pytest
import time_machine
from django.db import DatabaseError
from django.urls import reverse

from config.middleware import SIGNED_IN_AT
from config.settings import axes_proxy_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_signs_in_with_the_form(client):
    UserFactory(username="olivia")
    response = sign_in(client, "olivia", "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_re_renders_the_form_with_a_message(client):
    UserFactory(username="olivia")
    response = sign_in(client, "olivia", "wrong")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_repeated_failures_lock_out_that_username_from_that_address(client, settings):
    UserFactory(username="olivia")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "olivia", "wrong")
    response = sign_in(client, "olivia", "correct-horse-battery")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_lockout_does_not_block_colleagues_on_the_same_address(client, settings):
    UserFactory(username="olivia")
    UserFactory(username="marcus")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "olivia", "wrong")
    assert sign_in(client, "marcus", "correct-horse-battery").status_code == 302


BALANCER = "10.0.0.2"
ATTACKER = "81.2.69.160"
COLLEAGUE = "86.150.4.21"


def sign_in_through(client, client_address, username, password, forwarded=""):
    """A sign-in that reached the app through a load balancer which appended the address
    it was sent from to X-Forwarded-For."""
    chain = f"{forwarded}, {client_address}" if forwarded else client_address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=chain,
    )


@pytest.fixture
def behind_one_balancer(settings):
    for name, value in axes_proxy_settings(1).items():
        setattr(settings, name, value)


def test_behind_a_balancer_failures_lock_out_only_the_attackers_address(
    client, settings, behind_one_balancer
):
    UserFactory(username="olivia")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through(client, ATTACKER, "olivia", "wrong")
    assert sign_in_through(client, ATTACKER, "olivia", "correct-horse-battery").status_code == 429
    response = sign_in_through(client, COLLEAGUE, "olivia", "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_behind_a_balancer_a_forged_forwarded_for_does_not_escape_the_lockout(
    client, settings, behind_one_balancer
):
    UserFactory(username="olivia")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through(client, ATTACKER, "olivia", "wrong", forwarded=f"198.51.100.{attempt}")
    response = sign_in_through(
        client, ATTACKER, "olivia", "correct-horse-battery", forwarded="198.51.100.99"
    )
    assert response.status_code == 429


def test_without_a_proxy_count_forwarded_for_is_not_trusted(client, settings):
    UserFactory(username="olivia")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through(client, f"81.2.69.{attempt}", "olivia", "wrong")
    response = sign_in_through(client, COLLEAGUE, "olivia", "correct-horse-battery")
    assert response.status_code == 429


def test_axes_can_read_forwarded_addresses():
    from axes import helpers

    assert helpers.IPWARE_INSTALLED


def test_sign_out_is_by_post_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_the_session_lapses_after_thirty_idle_minutes(client):
    with time_machine.travel("2026-11-25 09:00 +0000", tick=False) as clock:
        client.force_login(UserFactory())
        assert client.get(reverse("home")).status_code == 200
        clock.shift(29 * 60)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(31 * 60)
        assert client.get(reverse("home")).status_code == 302


def test_the_session_ends_twelve_hours_after_sign_in_however_active(client):
    client.force_login(UserFactory())
    client.get(reverse("home"))
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-pass-phrase",
            "new_password2": "a-new-long-pass-phrase",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_healthz_is_public_and_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    assert client.get("/healthz").status_code == 503


def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("login")).status_code == 301


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "<script>" not in response.content.decode()
