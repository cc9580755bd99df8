from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.templatetags.govuk import govuk_widget
from kpis.display import display_kpi_value

register = template.Library()


@register.simple_tag
def kpi_value(value, kpi):
    """A value as the KPI shows it: its decimal places and unit."""
    return display_kpi_value(value, kpi)


@register.simple_tag
def return_field(field, code, optional=False):
    """One field of a monthly return's row as a GOV.UK form group: its label (naming the
    KPI for screen readers), hint, errors and input. Written directly rather than through
    an included template: a return has some 240 of them."""
    errors = field.errors
    hint = ""
    if field.help_text:
        hint = format_html(
            '\n  <div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text
        )
    error = ""
    if errors:
        error = format_html(
            '\n  <p id="{}-error" class="govuk-error-message">{}</p>',
            field.auto_id,
            mark_safe(  # noqa: S308 (each message escaped by format_html)
                "<br>".join(
                    format_html('<span class="govuk-visually-hidden">Error:</span> {}', message)
                    for message in errors
                )
            ),
        )
    return format_html(
        '<div class="govuk-form-group{}">\n  <label class="govuk-label" for="{}">{}'
        '<span class="govuk-visually-hidden"> for {}</span>{}</label>{}{}\n  {}\n</div>',
        " govuk-form-group--error" if errors else "",
        field.id_for_label,
        field.label,
        code,
        " (optional)" if optional else "",
        hint,
        error,
        govuk_widget(field),
    )
