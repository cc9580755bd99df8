"""The widgets that write their HTML directly write what Django's templates write."""

import re

import pytest
from django import forms

from core import widgets

ATTRS = {"inputmode": "decimal", "class": "govuk-input", "required": True, "disabled": False}
YES_NO = [("", "Not entered"), ("yes", "Yes"), ("no", "No")]


def same_markup(html: str) -> str:
    return re.sub(r"\s*\n\s*", "\n", html.strip())


@pytest.mark.parametrize(
    ("django_widget", "direct_widget", "value"),
    [
        *((forms.TextInput, widgets.TextInput, v) for v in (None, "", "12.5", '<a "&>', 3)),
        *((forms.HiddenInput, widgets.HiddenInput, v) for v in (None, "", 4)),
        *((forms.Textarea, widgets.Textarea, v) for v in (None, "", 'Line\n<b>&"x')),
        *(
            (
                lambda attrs: forms.Select(attrs=attrs, choices=YES_NO),
                lambda attrs: widgets.Select(attrs=attrs, choices=YES_NO),
                v,
            )
            for v in (None, "", "yes", "no", "<bad>")
        ),
    ],
)
def test_direct_widgets_write_the_same_markup_as_django(django_widget, direct_widget, value):
    expected = django_widget(attrs=dict(ATTRS)).render("kpi-1-value", value)
    assert same_markup(direct_widget(attrs=dict(ATTRS)).render("kpi-1-value", value)) == (
        same_markup(expected)
    )


def test_direct_widgets_keep_django_widget_types():
    form = forms.Form()
    form.fields["text"] = forms.CharField(widget=widgets.TextInput)
    form.fields["notes"] = forms.CharField(widget=widgets.Textarea)
    form.fields["choice"] = forms.CharField(widget=widgets.Select(choices=YES_NO))
    assert [form[name].widget_type for name in ("text", "notes", "choice")] == [
        "text",
        "textarea",
        "select",
    ]
