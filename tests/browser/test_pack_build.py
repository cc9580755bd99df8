"""A pack build's page in each state a clerk may see (building, with its progress bar
moved by script; failed; built) and an item's supporting documents page, in a real
browser: axe-core's WCAG 2.2 AA rules, no console errors, a 320 px screen. The URL walk
reaches only a finished build."""

import pytest
from django.urls import reverse

from packs.choices import BuildStatus
from packs.models import PackBuild
from packs.services.builds import FAILED
from tests.browser.test_accessibility import (
    NARROW_SCREEN,
    SIGNED_IN_AS,
    Visit,
    axe_violations,
    horizontal_overflow,
    report,
    walk,
)
from tests.urlwalk import _demo_build, _demo_document, _demo_item

pytestmark = pytest.mark.browser


def _build_like(done: PackBuild, **fields) -> PackBuild:
    return PackBuild.objects.create(
        meeting=done.meeting, purpose=done.purpose, requested_by=done.requested_by, **fields
    )


def test_pack_build_and_documents_pages_pass_axe_and_fit_320px(browser_demo, new_context):
    done = _demo_build()
    running = _build_like(done, status=BuildStatus.RUNNING, progress=30, step="Building item 5")
    failed = _build_like(done, status=BuildStatus.FAILED, error=FAILED)
    _demo_document()
    builds = (done, running, failed)
    urls = [reverse("packs:build", args=[build.meeting_id, build.pk]) for build in builds]
    urls.append(reverse("packs:document_upload", args=[_demo_item().pk]))
    visits = [Visit(url, SIGNED_IN_AS) for url in urls]

    violations, console_errors = walk(new_context, visits, axe_violations)
    too_wide, _ = walk(new_context, visits, horizontal_overflow, viewport=NARROW_SCREEN)

    assert not violations, f"axe-core (WCAG 2.2 A and AA) found:\n{report(violations)}"
    assert not console_errors, f"the browser console logged errors:\n{report(console_errors)}"
    assert not too_wide, f"these pages scroll sideways on a 320px screen:\n{report(too_wide)}"
