from django import template

from ..selectors import links_for_kpi, links_for_project

register = template.Library()


@register.inclusion_tag("minutes/_kpi_links.html", takes_context=True)
def kpi_minutes_links(context, kpi):
    """The resolutions and actions about a KPI, for its page."""
    return {"links": links_for_kpi(context["request"].user, kpi), "subject": "KPI"}


@register.inclusion_tag("minutes/_kpi_links.html", takes_context=True)
def project_minutes_links(context, project):
    """The resolutions and actions about an IMT project, for its page."""
    return {
        "links": links_for_project(context["request"].user, project),
        "subject": "IMT project",
    }
