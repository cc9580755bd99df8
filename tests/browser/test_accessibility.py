"""Every page, in a real browser: axe-core's WCAG 2.2 AA rules, a 320 px screen, no errors."""

import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from tests.urlwalk import all_pages, is_public

pytestmark = pytest.mark.browser

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
NARROW_SCREEN = {"width": 320, "height": 640}
SIGNED_IN_AS = "admin"  # sees every contract and every page
DEMO_PASSWORD = "oversight-demo-2018"

# The elements that reach furthest past the right edge of the screen, for the failure
# message. What a table wrapper holds scrolls inside it, unless it is positioned
# absolutely (or fixed) and so escapes it.
OVERFLOWING_ELEMENTS_JS = """
() => [...document.body.querySelectorAll('*')]
  .map(el => ({el, right: el.getBoundingClientRect().right}))
  .filter(({right}) => right > document.documentElement.clientWidth + 0.5)
  .filter(({el}) => !el.parentElement.closest('.app-table-wrapper')
    || ['absolute', 'fixed'].includes(getComputedStyle(el).position))
  .sort((a, b) => b.right - a.right)
  .slice(0, 5)
  .map(({el, right}) => [el.tagName.toLowerCase(), ...el.classList].join('.') + ` (${right}px)`)
"""


@dataclass(frozen=True)
class Visit:
    url: str
    username: str | None  # None: visited signed out


def pages_to_visit(demo) -> list[Visit]:
    """Every page that answers GET with HTML: public ones signed out, the rest as admin.

    POST-only addresses (405) and redirects have nothing of their own to show;
    the URL walk test checks that no address answers anything else.
    """
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username=SIGNED_IN_AS))
    signed_out = Client()
    visits = []
    for page in all_pages(demo):
        username = None if is_public(page) else SIGNED_IN_AS
        response = (signed_out if username is None else signed_in).get(page.url)
        if response.status_code in (302, 405):
            continue
        assert response.status_code == 200, (page, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            visits.append(Visit(page.url, username))
    return visits


def walk(new_context, visits, check, **context_options):
    """Open each visit in turn and call check(page) on it; one context and tab per user.

    Returns ({url: problems check found}, {url: console errors}). Console errors cover
    script errors, failed loads and Content Security Policy refusals, which Chromium
    reports there.
    """
    tabs = {}
    problems: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    current = {}

    def record(text):
        errors.setdefault(current["url"], []).append(text)

    for visit in visits:
        if visit.username not in tabs:
            tab = new_context(visit.username, **context_options).new_page()
            tab.on("console", lambda msg: msg.type == "error" and record(msg.text))
            tab.on("pageerror", lambda exc: record(f"uncaught: {exc}"))
            tabs[visit.username] = tab
        tab = tabs[visit.username]
        current["url"] = visit.url
        response = tab.goto(visit.url)
        assert response.status == 200, (visit, response.status)
        assert tab.url.endswith(visit.url), f"{visit} ended at {tab.url}"
        found = check(tab)
        if found:
            problems[visit.url] = found
    return problems, errors


def axe_violations(page) -> list[str]:
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']}: {violation['help']} — at "
        + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]


def horizontal_overflow(page) -> list[str]:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= NARROW_SCREEN["width"]:
        return []
    return [f"page is {width}px wide; sticking out: {page.evaluate(OVERFLOWING_ELEMENTS_JS)}"]


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{url}\n" + "\n".join(f"    {line}" for line in lines) for url, lines in problems.items()
    )


def test_every_page_passes_axe_and_logs_no_console_errors(browser_demo, new_context):
    visits = pages_to_visit(browser_demo)
    assert {visit.username for visit in visits} == {None, SIGNED_IN_AS}

    violations, console_errors = walk(new_context, visits, axe_violations)

    assert not violations, f"axe-core (WCAG 2.2 A and AA) found:\n{report(violations)}"
    assert not console_errors, f"the browser console logged errors:\n{report(console_errors)}"


def test_every_page_fits_a_320px_screen(browser_demo, new_context):
    visits = pages_to_visit(browser_demo)

    too_wide, _ = walk(new_context, visits, horizontal_overflow, viewport=NARROW_SCREEN)

    assert not too_wide, f"these pages scroll sideways on a 320px screen:\n{report(too_wide)}"


def test_sign_out_works_in_the_browser(browser_demo, new_context):
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contracts")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
