import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client

from scripts.chromium import CHROMIUM, launch_chromium
from tests.conftest import skip_or_fail


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for all the browser tests.

    Package-scoped rather than session-scoped: Playwright's loop must stop, and the
    async-safety check come back, before the rest of the suite goes on.
    """
    if not CHROMIUM.exists():
        skip_or_fail(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Django keeps database connections in a Local that switches to separate storage
    # while an event loop runs in the thread, so once Playwright starts, this thread
    # opens fresh connections to the test database. They lack the snapshot taken when
    # the test database was made, which serialized rollback restores: carry it over.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in this thread until
        # it stops, and Django refuses ORM calls from a thread with a running loop
        # (SynchronousOnlyOperation), although ours are plain blocking calls made between
        # browser steps; the live server answers in its own thread. Set only while the
        # loop runs: `check --deploy` rejects the variable, and subprocesses inherit it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
        # Close them while the loop still runs, since only then can they be reached,
        # so they do not keep the test database busy when it is dropped.
        connections.close_all()


@pytest.fixture
def browser_demo(live_server, transactional_db, django_db_serialized_rollback):
    """The demo data, committed, so that the live server's thread sees it too.

    A transactional test empties the database when it ends, taking with it the rows
    that data migrations made (the Administrators and Clerks groups); the serialized
    rollback puts them back before the next test.
    """
    from tests.demo.loading import load_demo

    return load_demo()


@pytest.fixture
def new_context(browser, live_server):
    """A factory: new_context(username=None, **options) -> a browser context.

    Given a username, the context is signed in as that user through a session made on
    the server side, as Client.force_login does, so no password is typed (and django-axes
    sees no sign-in attempts). Every context is closed after the test.
    """
    contexts = []

    def make(username=None, **options):
        context = browser.new_context(base_url=live_server.url, **options)
        # A missing element or a stuck page fails in seconds, not Playwright's 30.
        context.set_default_timeout(10_000)
        contexts.append(context)
        if username:
            context.add_cookies([session_cookie(username, live_server.url)])
        return context

    yield make
    for context in contexts:
        context.close()


def session_cookie(username: str, url: str) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}
