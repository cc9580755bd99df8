"""The demo's quarterly report, read and written in a real browser: axe-core's WCAG 2.2
AA rules and a 320 px screen, as for every page (the URL walk reaches an item without a
report; these are the pages with one)."""

import pytest
from django.urls import reverse

from tests.browser.test_accessibility import (
    NARROW_SCREEN,
    SIGNED_IN_AS,
    Visit,
    axe_violations,
    horizontal_overflow,
    report,
    walk,
)

pytestmark = pytest.mark.browser


def report_visits() -> list[Visit]:
    from minutes.models import AgendaItem

    item = AgendaItem.objects.get(meeting__date="2018-10-25", number=5)
    section = item.report.narrative.order_by("position").first()
    urls = [
        reverse("packs:report_detail", args=[item.pk]),
        reverse("packs:report_edit", args=[item.pk]),
        reverse("packs:narrative_edit", args=[section.pk]),
        item.meeting.get_absolute_url(),
    ]
    return [Visit(url, SIGNED_IN_AS) for url in urls]


def test_report_pages_pass_axe_and_fit_a_320px_screen(browser_demo, new_context):
    visits = report_visits()

    violations, console_errors = walk(new_context, visits, axe_violations)
    too_wide, _ = walk(new_context, visits, horizontal_overflow, viewport=NARROW_SCREEN)

    assert not violations, f"axe-core (WCAG 2.2 A and AA) found:\n{report(violations)}"
    assert not console_errors, f"the browser console logged errors:\n{report(console_errors)}"
    assert not too_wide, f"these pages scroll sideways on a 320px screen:\n{report(too_wide)}"
