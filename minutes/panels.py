"""The minutes' panels on the pages of the apps below them (see core/panels.py)."""

from .selectors import links_for_kpi, links_for_project

LINKS_TEMPLATE = "minutes/_kpi_links.html"


def kpi_links(request, kpi) -> dict:
    """The resolutions and actions about a KPI, for its page."""
    return {"links": links_for_kpi(request.user, kpi), "subject": "KPI"}


def project_links(request, project) -> dict:
    """The resolutions and actions about an IMT project, for its page."""
    return {"links": links_for_project(request.user, project), "subject": "IMT project"}
