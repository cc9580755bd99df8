from django import template

from core.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def page_panels(context, page: str, subject):
    """What later apps show on this page about `subject` (see core/panels.py)."""
    return render_panels(page, context["request"], subject)
