from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.colours import govuk_tag
from core.formatting import format_date, person_name
from core.templatetags.govuk import govuk_widget
from core.widgets import escape_html
from kpis.display import display_kpi_value

register = template.Library()


@register.simple_tag
def kpi_value(value, kpi):
    """A value as the KPI shows it: its decimal places and unit."""
    return display_kpi_value(value, kpi)


@register.simple_tag
def return_rows(rows, month, can_manage):
    """A monthly return's rows, each a GOV.UK summary card: the KPI and its figure's state,
    the unit and the levels in force, why it was returned, then either the figure as it
    stands (a row shown read-only) or its fields. Written directly rather than through a
    template per row: a return has some 60 rows."""
    cards = "\n".join(_return_card(row, month, can_manage) for row in rows)
    return mark_safe(cards)  # noqa: S308 - every value written is escaped


def _return_card(row, month, can_manage: bool) -> str:
    kpi, figure = row.kpi, row.figure
    unit = escape_html(kpi.get_unit_display())
    if not kpi.is_yes_no:
        unit += f"; {escape_html(kpi.get_polarity_display().lower())}"
    details = [_summary_row("Unit", unit), _summary_row("In force", escape_html(row.levels))]
    if row.is_returned:
        details.append(_summary_row("Returned", linebreaksbr(figure.returned_comment, True)))
    if not row.form and figure:
        details.append(_summary_row("Value", escape_html(row.value_display)))
        commentary = linebreaksbr(figure.commentary, True) or "None"
        details.append(_summary_row("Commentary", commentary))
        if figure.is_approved:
            details.append(_summary_row("Approved", _approval(figure, month, can_manage)))
    fields = f"\n    {return_fields(row)}" if row.form else ""
    return (
        f'<div class="govuk-summary-card" id="kpi-{kpi.pk}">\n'
        '  <div class="govuk-summary-card__title-wrapper">\n'
        f'    <h3 class="govuk-summary-card__title">{escape_html(kpi.code)} '
        f"{escape_html(kpi.name)}</h3>\n"
        f"    {govuk_tag(row.state_label, row.state_colour)}\n"
        "  </div>\n"
        '  <div class="govuk-summary-card__content">\n'
        '    <dl class="govuk-summary-list govuk-!-margin-bottom-6">\n'
        + "\n".join(details)
        + f"\n    </dl>{fields}\n  </div>\n</div>"
    )


def _summary_row(key: str, value: str) -> str:
    return (
        f'      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{key}'
        f'</dt><dd class="govuk-summary-list__value">{value}</dd></div>'
    )


def _approval(figure, month, can_manage: bool) -> str:
    """Who approved the figure and when, and the managers' link to correct it."""
    by = escape_html(person_name(figure.approved_by))
    text = f"By {by} on " if figure.approved_by else "On "
    text += escape_html(format_date(figure.approved_at))
    if can_manage:
        kpi = figure.kpi
        url = reverse("kpis:figure_correct", args=[kpi.contract.reference, figure.pk])
        text += (
            f' · <a class="govuk-link" href="{escape_html(url)}">Correct<span '
            f'class="govuk-visually-hidden"> {escape_html(kpi.code)} for '
            f"{escape_html(month.label)}</span></a>"
        )
    return text


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
