"""Form widgets that write their HTML directly instead of through Django's widget templates.

Each Django widget renders a template (and an included template for its attributes and
for each option): cheap once, but a monthly return has some 240 fields and spent most of
its time there. These widgets write the same markup as Django's templates from the same
context (`get_context`), so everything around them (bound values, `attrs`, the GOV.UK
classes and ARIA links `govuk_widget` adds) works as before. The class names are
Django's, because `BoundField.widget_type` is derived from them.
"""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class _DirectRender:
    def _render(self, template_name, context, renderer=None):
        return mark_safe(self.html(context["widget"]))  # noqa: S308 (escaped in html)


class _Input(_DirectRender):
    @staticmethod
    def html(widget: dict) -> str:
        value = widget["value"]
        shown = "" if value is None else format_html(' value="{}"', str(value))
        return (
            format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
            + f"{shown}{_attrs(widget['attrs'])}>"
        )


class TextInput(_Input, forms.TextInput):
    pass


class HiddenInput(_Input, forms.HiddenInput):
    pass


class Textarea(_DirectRender, forms.Textarea):
    @staticmethod
    def html(widget: dict) -> str:
        value = conditional_escape(widget["value"]) if widget["value"] else ""
        start = format_html('<textarea name="{}"', widget["name"])
        return f"{start}{_attrs(widget['attrs'])}>\n{value}</textarea>"


class Select(_DirectRender, forms.Select):
    """A select without option groups."""

    @staticmethod
    def html(widget: dict) -> str:
        options = "".join(
            format_html('\n  <option value="{}"', str(option["value"]))
            + f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            for _group, choices, _index in widget["optgroups"]
            for option in choices
        )
        start = format_html('<select name="{}"', widget["name"])
        return f"{start}{_attrs(widget['attrs'])}>{options}\n</select>"
