from django import template

from kpis.display import display_kpi_value

register = template.Library()


@register.simple_tag
def kpi_value(value, kpi):
    """A value as the KPI shows it: its decimal places and unit."""
    return display_kpi_value(value, kpi)
