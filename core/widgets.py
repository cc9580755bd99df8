"""Form widgets that write their HTML directly instead of through Django's widget templates.

Each Django widget renders a template (and an included template for its attributes and
for each option): cheap once, but a monthly return has some 240 fields and spent most of
its time there. These widgets write the same markup as Django's templates from the same
context (`get_context`), so everything around them (bound values, `attrs`, the GOV.UK
classes and ARIA links `govuk_widget` adds) works as before. The class names are
Django's, because `BoundField.widget_type` is derived from them.
"""

from html import escape as escape_text

from django import forms
from django.utils.safestring import mark_safe


def escape_html(value) -> str:
    """As Django's `conditional_escape` (HTML-safe strings as they are), without its
    per-call wrapping: a return escapes some 2,000 values."""
    return value.__html__() if hasattr(value, "__html__") else escape_text(str(value))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {escape_html(name)}" if value is True else f' {escape_html(name)}="{escape_html(value)}"'
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
        shown = "" if value is None else f' value="{escape_html(value)}"'
        return (
            f'<input type="{escape_html(widget["type"])}" name="{escape_html(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>"
        )


class TextInput(_Input, forms.TextInput):
    pass


class HiddenInput(_Input, forms.HiddenInput):
    pass


class Textarea(_DirectRender, forms.Textarea):
    @staticmethod
    def html(widget: dict) -> str:
        value = escape_html(widget["value"]) if widget["value"] else ""
        start = f'<textarea name="{escape_html(widget["name"])}"{_attrs(widget["attrs"])}>'
        return f"{start}\n{value}</textarea>"


class Select(_DirectRender, forms.Select):
    """A select without option groups."""

    @staticmethod
    def html(widget: dict) -> str:
        options = "".join(
            f'\n  <option value="{escape_html(option["value"])}"{_attrs(option["attrs"])}>'
            f"{escape_html(option['label'])}</option>"
            for _group, choices, _index in widget["optgroups"]
            for option in choices
        )
        start = f'<select name="{escape_html(widget["name"])}"{_attrs(widget["attrs"])}>'
        return f"{start}{options}\n</select>"
