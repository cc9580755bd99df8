from django import template
from django.utils.safestring import mark_safe

from core.templatetags.govuk import govuk_widget
from core.widgets import escape_html
from kpis.display import display_kpi_value

register = template.Library()


@register.simple_tag
def kpi_value(value, kpi):
    """A value as the KPI shows it: its decimal places and unit."""
    return display_kpi_value(value, kpi)


@register.simple_tag
def return_fields(row):
    """A monthly return row's fields: the version it was read at, then the value, the
    numerator and denominator (not for yes/no KPIs) and the commentary, each as a GOV.UK
    form group. Written directly rather than through a template per field: a return
    has some 240 of them."""
    form, code = row.form, row.kpi.code
    groups = [_return_field(form["value"], code)]
    if not row.kpi.is_yes_no:
        groups.append(_return_field(form["numerator"], code, optional=True))
        groups.append(_return_field(form["denominator"], code, optional=True))
    groups.append(_return_field(form["commentary"], code, optional=True))
    return mark_safe("\n".join([str(form["version"]), *groups]))  # noqa: S308 (escaped)


def _return_field(field, code: str, *, optional: bool = False) -> str:
    """One field as a GOV.UK form group: its label (naming the KPI for screen readers),
    hint, errors and input; every value escaped."""
    errors, auto_id = field.errors, escape_html(field.auto_id)
    hint = ""
    if field.help_text:
        hint = (
            f'\n  <div id="{auto_id}-hint" class="govuk-hint">{escape_html(field.help_text)}</div>'
        )
    error = ""
    if errors:
        messages = "<br>".join(
            f'<span class="govuk-visually-hidden">Error:</span> {escape_html(message)}'
            for message in errors
        )
        error = f'\n  <p id="{auto_id}-error" class="govuk-error-message">{messages}</p>'
    group = "govuk-form-group govuk-form-group--error" if errors else "govuk-form-group"
    label = (
        f'<label class="govuk-label" for="{escape_html(field.id_for_label)}">'
        f"{escape_html(field.label)}"
        f'<span class="govuk-visually-hidden"> for {escape_html(code)}</span>'
        f"{' (optional)' if optional else ''}</label>"
    )
    return f'<div class="{group}">\n  {label}{hint}{error}\n  {govuk_widget(field)}\n</div>'
