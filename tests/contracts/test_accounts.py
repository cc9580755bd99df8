import pytest
from celery.signals import task_prerun
from django.db import connection
from django.urls import reverse
from kombu.exceptions import OperationalError

from contracts import tasks
from tests.factories import UserFactory

# The e-mail is sent on commit, which a test wrapped in a transaction never reaches; the
# serialized rollback puts back what migrations made once each test empties the database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TASK_STARTS = "-- the e-mail task starts --"


def ask_for_a_reset(client, email):
    """The response, and every query the database was sent in order, with a mark where
    the e-mail task started."""
    events = []

    def record(execute, sql, params, many, context):
        events.append(sql)
        return execute(sql, params, many, context)

    def mark(**kwargs):
        events.append(TASK_STARTS)

    task_prerun.connect(mark, weak=False)
    try:
        with connection.execute_wrapper(record):
            response = client.post(reverse("password_reset"), {"email": email})
    finally:
        task_prerun.disconnect(mark)
    return response, events


def request_path(events):
    return events[: events.index(TASK_STARTS)]


def test_password_reset_does_the_same_work_whether_or_not_the_account_exists(client, mailoutbox):
    UserFactory(username="olivia", email="olivia@example.org")
    known, known_events = ask_for_a_reset(client, "olivia@example.org")
    unknown, unknown_events = ask_for_a_reset(client, "nobody@example.org")
    assert request_path(known_events) == request_path(unknown_events)
    assert not any("auth_user" in sql for sql in request_path(known_events))
    assert any("auth_user" in sql for sql in known_events[known_events.index(TASK_STARTS) :])
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content


def test_password_reset_email_still_arrives_for_the_account(client, mailoutbox):
    UserFactory(username="olivia", email="olivia@example.org")
    ask_for_a_reset(client, "olivia@example.org")
    ask_for_a_reset(client, "nobody@example.org")
    assert [message.to for message in mailoutbox] == [["olivia@example.org"]]
    assert "http://testserver/accounts/reset/" in mailoutbox[0].body


def test_password_reset_goes_through_the_broker_with_only_the_address(
    client, settings, monkeypatch, mailoutbox
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.password_reset_email_task, "delay", lambda **kw: queued.append(kw))
    UserFactory(username="olivia", email="olivia@example.org")
    client.post(reverse("password_reset"), {"email": "olivia@example.org"})
    assert queued == [{"email": "olivia@example.org", "domain": "testserver", "use_https": False}]
    assert mailoutbox == []


def test_password_reset_answers_normally_when_the_broker_is_down(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.password_reset_email_task, "delay", broker_down)
    UserFactory(username="olivia", email="olivia@example.org")
    response = client.post(reverse("password_reset"), {"email": "olivia@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
