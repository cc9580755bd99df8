from django import template

from ..text import render_minutes

register = template.Library()


@register.filter
def minutes_html(text):
    """Plain-text minutes as escaped paragraphs and bulleted lists."""
    return render_minutes(text)
