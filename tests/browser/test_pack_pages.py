"""The demo's published agenda pack in a real browser: its page, with a correction since
publication listed, and the pack as a web page pass axe-core's WCAG 2.2 AA rules and fit
a 320 px screen (the URL walk reaches a meeting whose pack stands in; this is the demo's
real one)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
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


def _correct_a_figure_shown_in_the_pack():
    from kpis.models import KPIFigure
    from kpis.recompute import recompute_statuses
    from kpis.services import figure_correct

    figure = KPIFigure.objects.filter(period="2018-09-01", state="approved").order_by("pk")[0]
    figure_correct(
        figure=figure,
        value=figure.value - Decimal(1),
        commentary=figure.commentary,
        reason="The supplier recounted the month",
        user=get_user_model().objects.get(username="manager2"),
    )
    recompute_statuses(contract=figure.kpi.contract)


def test_pack_pages_pass_axe_and_fit_a_320px_screen(browser_demo, new_context):
    from minutes.models import Meeting

    _correct_a_figure_shown_in_the_pack()
    meeting = Meeting.objects.get(date="2018-10-25")
    url = reverse("packs:pack", args=[meeting.pk])
    web_page = reverse("packs:version_html", args=[meeting.pk, 1])
    visits = [Visit(url, SIGNED_IN_AS), Visit(url, "board"), Visit(web_page, "board")]
    client = Client()
    client.force_login(get_user_model().objects.get(username=SIGNED_IN_AS))
    assert "The supplier recounted the month" in client.get(url).content.decode()

    violations, console_errors = walk(new_context, visits, axe_violations)
    too_wide, _ = walk(new_context, visits, horizontal_overflow, viewport=NARROW_SCREEN)

    assert not violations, f"axe-core (WCAG 2.2 A and AA) found:\n{report(violations)}"
    assert not console_errors, f"the browser console logged errors:\n{report(console_errors)}"
    assert not too_wide, f"these pages scroll sideways on a 320px screen:\n{report(too_wide)}"
