"""Panels that an app higher in the layers adds to a page of an app below it.

A page lower down (a KPI's page, an IMT project's page) may show what a later app knows
about its subject (the resolutions and actions of the minutes about it), but must not
import, link to or load the template tags of that app. So the page names a slot and
renders whatever is registered for it; the later app registers its panel from its
`AppConfig.ready`. Remove the later app and the page still renders, without the panel.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html_join

KPI_PAGE = "kpi"
PROJECT_PAGE = "imt_project"
HOME_PAGE = "home"  # subject: the signed-in user
MEETING_PAGE = "meeting"  # subject: the meeting
AGENDA_ITEM = "agenda_item"  # subject: an item on the meeting page


@dataclass(frozen=True)
class Panel:
    template: str
    # (request, subject) -> the template's context, or None when there is nothing to show
    context: Callable[..., dict | None]


_registry: dict[str, dict[str, Panel]] = {}


def register(page: str, *, template: str, context: Callable[..., dict | None]) -> None:
    """Add a panel to every page of kind `page`. Registering the same template again
    replaces it, so a second `ready()` (as in some test runners) does not show it twice."""
    _registry.setdefault(page, {})[template] = Panel(template=template, context=context)


def panels_for(page: str) -> list[Panel]:
    return list(_registry.get(page, {}).values())


def render_panels(page: str, request, subject) -> str:
    """The HTML of every panel registered for the page, in the order registered."""
    parts = []
    for panel in panels_for(page):
        context = panel.context(request, subject)
        if context is not None:
            parts.append(render_to_string(panel.template, context, request=request))
    # Each part is already escaped by its template: joined as it is, not escaped twice.
    return format_html_join("", "{}", ((part,) for part in parts))
