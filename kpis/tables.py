"""The KPI lists and the tables of the KPI page, the review queue and the returns.

Each table's cells are what people see; exports (`core.exports.export_table`) reuse
them, with `value_*` methods giving plain text where a cell carries markup.
"""

from html import escape

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.colours import Colour, compact_tag, govuk_tag
from core.formatting import format_date, person_name
from core.periods import Month
from core.tables import DateColumn, PersonColumn

from .choices import FigureState, Frequency
from .display import display_kpi_value
from .duties import APPROVE, figure_refusal
from .models import KPI, KPIFigure, KPIMonthStatus
from .values import format_number

SHORT_FREQUENCIES = {Frequency.MONTHLY: "Monthly", Frequency.QUARTERLY: "Quarterly"}


def describe_levels(target, kpi: KPI) -> str:
    """“Target 95.00%, minimum 90.00%” for a target version; “No target” without one."""
    if target is None or target.target is None:
        return "No target"
    if kpi.is_yes_no:
        return "Target yes"
    text = f"Target {display_kpi_value(target.target, kpi)}"
    if target.minimum is not None:
        text += f", minimum {display_kpi_value(target.minimum, kpi)}"
    return text


def describe_range(kpi: KPI) -> str:
    """The values a KPI accepts, as typed: “from 0 to 100”, “0 or more”, “any”."""
    if kpi.is_yes_no:
        return "yes or no"
    low, high = (format_number(v) if v is not None else None for v in kpi.allowed_range())
    if low and high:
        return f"from {low} to {high}"
    if low:
        return f"{low} or more"
    if high:
        return f"{high} or less"
    return "any number"


class MonthColumn(tables.Column):
    """A month stored as its first day, shown “September 2018”."""

    def render(self, value):
        return Month.from_date(value).label


# The KPI list ------------------------------------------------------------------------


class KPITable(tables.Table):
    code = tables.Column(linkify=True, verbose_name="Code")
    name = tables.Column()
    service_area = tables.Column(accessor="service_area__name", verbose_name="Service area")
    unit = tables.Column()
    frequency = tables.Column()
    contractual = tables.BooleanColumn(verbose_name="Contractual", yesno="Yes,No")
    target = tables.Column(empty_values=(), orderable=False, verbose_name="Latest target")
    live_from = MonthColumn(verbose_name="Live from")
    retired_from = MonthColumn(verbose_name="Retired from")

    caption = "KPIs"

    class Meta:
        model = KPI
        fields = (
            "code",
            "name",
            "service_area",
            "unit",
            "frequency",
            "contractual",
            "target",
            "live_from",
            "retired_from",
        )
        order_by = ("service_area", "code")

    def render_frequency(self, record):
        return SHORT_FREQUENCIES[record.frequency]

    def value_contractual(self, value):
        return "Yes" if value else "No"

    def render_target(self, record):
        versions = record.target_versions
        if not versions:
            return "No target"
        latest = versions[-1]
        return f"{describe_levels(latest, record)} (from {latest.effective_month.short_label})"


# The KPI page ------------------------------------------------------------------------


class TargetTable(tables.Table):
    effective_from = MonthColumn(verbose_name="From")
    target = tables.Column(verbose_name="Target")
    minimum = tables.Column(verbose_name="Minimum")
    variation_reference = tables.Column(verbose_name="Contract variation")
    created_by = PersonColumn(verbose_name="Added by")
    created_at = DateColumn(verbose_name="Added on")

    caption = "Target versions"

    class Meta:
        orderable = False
        empty_text = "No target yet: figures are recorded, not judged."

    def render_target(self, value, record):
        return display_kpi_value(value, record.kpi)

    def render_minimum(self, value, record):
        return display_kpi_value(value, record.kpi)


class MonthTable(tables.Table):
    """One row per month with a status or a figure, newest first. The table gives the
    columns (managers see one more); `rows_html` writes the rows."""

    period = tables.Column(verbose_name="Month")
    status = tables.Column(verbose_name="Status")
    value = tables.Column(verbose_name="Value")
    state = tables.Column(verbose_name="Figure")
    commentary = tables.Column(verbose_name="Commentary")
    approved_by = tables.Column(verbose_name="Approved by")
    approved_at = tables.Column(verbose_name="Approved on")
    actions = tables.Column(verbose_name="Actions")

    caption = "Month by month"

    class Meta:
        orderable = False
        empty_text = "No month is due yet."

    def __init__(self, *args, can_manage=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_manage = can_manage
        if not can_manage:
            self.columns.hide("actions")

    def rows_html(self) -> SafeString:
        """Every month's row, written directly rather than cell by cell through
        django-tables2 (a 36-month KPI has hundreds of cells): the month heads its row,
        and the table's CSS (`.app-compact`) gives the bare tags their GOV.UK look."""
        rows = (_month_row_html(row, self.can_manage) for row in self.data)
        return mark_safe("\n".join(rows))  # noqa: S308 - _month_row_html escapes every value


def _month_row_html(row: dict, can_manage: bool) -> str:
    status, figure = row["status"], row["figure"]
    cells = [
        f'<th scope="row">{Month.from_date(row["period"]).label}</th>',
        compact_tag(status.label, status.colour) if status else "Not judged yet",
    ]
    if figure is None:
        cells += ["", "Not entered", "", "", ""]
    else:
        approved = figure.state == FigureState.APPROVED
        cells += [
            escape(display_kpi_value(figure.value, figure.kpi)),
            compact_tag(figure.get_state_display(), figure.state_colour),
            escape(figure.commentary),
            escape(person_name(figure.approved_by)) if approved else "",
            format_date(figure.approved_at, "short") if approved and figure.approved_at else "",
        ]
    if can_manage:
        cells.append(_correct_link(figure) if figure and approved else "")
    return "<tr>" + cells[0] + "".join(f"<td>{cell}</td>" for cell in cells[1:]) + "</tr>"


def _correct_link(figure: KPIFigure) -> str:
    url = reverse("kpis:figure_correct", args=[figure.kpi.contract.reference, figure.pk])
    return format_html(
        '<a class="govuk-link" href="{}">Correct<span class="govuk-visually-hidden"> {} '
        "for {}</span></a>",
        url,
        figure.kpi.code,
        figure.month.label,
    )


class MitigationTable(tables.Table):
    start = MonthColumn(verbose_name="From")
    end = MonthColumn(verbose_name="To", default="Ongoing")
    reason = tables.Column()
    agreed_by = tables.Column(verbose_name="Agreed by")
    agreed_on = DateColumn(verbose_name="Agreed on")
    recorded_by = PersonColumn(verbose_name="Recorded by")
    actions = tables.Column(empty_values=(), verbose_name="Actions", exclude_from_export=True)

    caption = "Mitigations"

    class Meta:
        orderable = False
        empty_text = "No mitigation has been agreed."

    def __init__(self, *args, can_manage=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_manage:
            self.columns.hide("actions")

    def render_actions(self, record):
        if record.end is not None:
            return ""
        url = reverse("kpis:mitigation_end", args=[record.kpi.contract.reference, record.pk])
        return format_html(
            '<a class="govuk-link" href="{}">End<span class="govuk-visually-hidden"> the '
            "mitigation from {}</span></a>",
            url,
            record.start_month.label,
        )


# The review queue and the monthly returns ---------------------------------------------


class ReviewTable(tables.Table):
    select = tables.Column(
        accessor="pk",
        empty_values=(),
        orderable=False,
        verbose_name="Select",
        exclude_from_export=True,
    )
    kpi = tables.Column(accessor="kpi__code", verbose_name="KPI")
    period = MonthColumn(verbose_name="Month")
    value = tables.Column(verbose_name="Value")
    commentary = tables.Column()
    submitted_at = tables.Column(verbose_name="Submitted")
    actions = tables.Column(
        empty_values=(), orderable=False, verbose_name="Actions", exclude_from_export=True
    )

    caption = "Figures awaiting approval"

    class Meta:
        order_by = ("period", "kpi")
        empty_text = "No figure is awaiting approval."

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def render_select(self, record):
        if figure_refusal(record, self.user, APPROVE):
            return ""
        return format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" type="checkbox" name="figures" value="{}" '
            'id="figure-{}"><label class="govuk-label govuk-checkboxes__label" for="figure-{}">'
            '<span class="govuk-visually-hidden">Select {} for {}</span></label></div></div>',
            record.pk,
            record.pk,
            record.pk,
            record.kpi.code,
            record.month.label,
        )

    def render_kpi(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}</span>',
            record.kpi.get_absolute_url(),
            record.kpi.code,
            record.kpi.name,
        )

    def value_kpi(self, record):
        return record.kpi.code

    def render_period(self, record):
        url = reverse("kpis:return", args=[record.kpi.contract.reference, str(record.month)])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.month.label)

    def value_period(self, record):
        return record.month.label

    def render_value(self, record):
        return display_kpi_value(record.value, record.kpi)

    def render_submitted_at(self, record):
        return f"{format_date(record.submitted_at, 'short')} by {person_name(record.submitted_by)}"

    def render_actions(self, record):
        reference = record.kpi.contract.reference
        hidden = f"{record.kpi.code} for {record.month.label}"
        return_link = format_html(
            '<a class="govuk-link" href="{}">Return<span class="govuk-visually-hidden"> {}'
            "</span></a>",
            reverse("kpis:figure_return", args=[reference, record.pk]),
            hidden,
        )
        refusal = figure_refusal(record, self.user, APPROVE)
        if refusal:
            # Said on the row, so nobody wonders why the figure cannot be approved.
            return format_html('<p class="govuk-body-s">{}</p>{}', refusal, return_link)
        return format_html(
            '<div class="govuk-button-group govuk-!-margin-bottom-0">'
            '<button type="submit" class="govuk-button govuk-button--secondary '
            'govuk-!-margin-bottom-0" data-module="govuk-button" formaction="{}">'
            'Approve<span class="govuk-visually-hidden"> {}</span></button>{}</div>',
            reverse("kpis:figure_approve", args=[reference, record.pk]),
            hidden,
            return_link,
        )


class ReturnsTable(tables.Table):
    month = tables.Column(verbose_name="Month")
    state = tables.Column(accessor="closed", verbose_name="Month status")
    due = tables.Column(verbose_name="KPIs due")
    entered = tables.Column(verbose_name="Entered")
    submitted = tables.Column(verbose_name="Awaiting approval")
    approved = tables.Column(verbose_name="Approved")

    caption = "Recent months"

    class Meta:
        orderable = False

    def render_month(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record["url"], record["month"].label
        )

    def value_month(self, record):
        return str(record["month"])

    def render_state(self, value):
        return govuk_tag("Closed", Colour.GREY) if value else govuk_tag("Open", Colour.BLUE)

    def value_state(self, value):
        return "Closed" if value else "Open"


def month_rows(statuses: list[KPIMonthStatus], figures: list[KPIFigure]) -> list[dict]:
    """The KPI page's months: each month with a status or a figure, newest first."""
    rows = {s.period: {"period": s.period, "status": s, "figure": None} for s in statuses}
    for figure in figures:
        row = rows.setdefault(figure.period, {"period": figure.period, "status": None})
        row["figure"] = figure
    return [rows[period] for period in sorted(rows, reverse=True)]
