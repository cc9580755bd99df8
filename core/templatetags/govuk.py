"""Template helpers that dress Django forms and values in GOV.UK Frontend classes."""

from django import template

from core import formatting
from core.colours import govuk_tag as draw_tag

register = template.Library()

WIDGET_CLASSES = {
    "textinput": "govuk-input",
    "numberinput": "govuk-input",
    "emailinput": "govuk-input",
    "passwordinput": "govuk-input",
    "dateinput": "govuk-input govuk-input--width-10",
    "urlinput": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "clearablefileinput": "govuk-file-upload",
    "fileinput": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


@register.filter
def govuk_widget(field):
    """Render a bound field's widget with GOV.UK classes and ARIA links to hint and error."""
    base = WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [base, field.field.widget.attrs.get("class", "")]
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        classes.append(ERROR_CLASSES.get(base.split()[0], ""))
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return field.widget_type == "checkbox"


@register.filter
def is_multiple_checkboxes(field):
    return field.widget_type == "checkboxselectmultiple"


@register.simple_tag
def govuk_tag(word, colour, extra_class=""):
    """`{% govuk_tag word colour %}`: the word as a GOV.UK tag in a `Colour` or colour name."""
    return draw_tag(word, colour, extra_class=extra_class)


@register.filter
def person_name(user, nobody=""):
    """`{{ user|person_name }}`, `{{ user|person_name:"—" }}`: see core.formatting.person_name."""
    return formatting.person_name(user or None, nobody)


@register.filter
def govuk_date(value, style="long"):
    """`{{ day|govuk_date }}`, `{{ moment|govuk_date:"short_time" }}`: see core.formatting."""
    return formatting.format_date(value, style)
