"""With the database really unreachable (the connection pointed at a closed port)."""

import socket

import pytest
from django.db import connection

A_SESSION_KEY = "a-session-the-database-would-hold"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker):
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(closed_port())})
        if connection.vendor == "sqlite":
            pytest.skip("needs a database server to stop")
        yield
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def anonymous(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def with_session(client, settings):
    client.raise_request_exception = False
    client.cookies.load({settings.SESSION_COOKIE_NAME: A_SESSION_KEY})
    return client


def test_healthz_answers_503_without_a_session_cookie(anonymous, database_down):
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_healthz_answers_503_with_a_session_cookie(with_session, database_down):
    response = with_session.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_pages_show_the_friendly_error_page_without_a_traceback(with_session, database_down):
    for url in ("/", "/contracts/", "/meetings/", "/contracts/CSSC/kpis/"):
        response = with_session.get(url)
        assert response.status_code == 500, url
        page = response.content.decode()
        assert "Sorry, there is a problem with the service" in page, url
        assert "Traceback" not in page and "OperationalError" not in page, url
