from django import template

from ..selectors import links_for_kpi

register = template.Library()


@register.inclusion_tag("minutes/_kpi_links.html", takes_context=True)
def kpi_minutes_links(context, kpi):
    """The resolutions and actions about a KPI, for its page."""
    return {"links": links_for_kpi(context["request"].user, kpi)}
