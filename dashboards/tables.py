from dataclasses import dataclass

# The standard library's escape, which Django's `escape` calls (same output), without
# Django's lazy-string wrapper around it: these tables call it thousands of times a page.
from html import escape

import django_tables2 as tables
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from core.colours import compact_tag, govuk_tag
from core.formatting import format_date
from kpis.display import display_kpi_value

PERSISTENT_FLAG = "Persistent failure"


def cell_html(cell, kpi) -> str:
    """A month of the KPI Summary Performance table as the page shows it: the status word
    in its tag colour, the value, and the persistent-failure flag. Written directly, not
    through a template or a column: a 36-month table has thousands of cells. The table's
    CSS (`.app-compact`) gives the bare `b` and `i` their GOV.UK tag and flag look."""
    value = escape(display_kpi_value(cell.value, kpi))
    flag = f"<i>{PERSISTENT_FLAG}</i>" if cell.persistent else ""
    return f"<td>{compact_tag(cell.label, cell.colour)}{value}{flag}</td>"


def cell_text(cell, kpi) -> str:
    """The same month in words, for the export."""
    value = display_kpi_value(cell.value, kpi)
    flag = f" ({PERSISTENT_FLAG.lower()})" if cell.persistent else ""
    return f"{cell.label} {value}".strip() + flag


def _text_html(text: str) -> str:
    """`text` escaped, its line breaks as <br>: what Django's `linebreaksbr` filter writes
    (a test holds them equal), without its lazy-string wrappers, called once per row."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def exception_rows_html(group, labels=None) -> SafeString:
    """The rows of one KPI's exceptions table (`dashboards.selectors.ExceptionGroup`),
    written directly like `cell_html`: a long range holds hundreds. The target and minimum
    are on each row only when they changed within the range (else the page says them once).
    `labels` (period -> the month's short label, escaped) may be shared by the groups of a
    page, which show the same few dozen months.
    """
    kpi, per_row_levels = group.kpi, not group.same_levels
    labels = {} if labels is None else labels
    rows = []
    for row in group.months:
        flag = f"<i>{PERSISTENT_FLAG}</i>" if row.persistent_failure else ""
        levels = ""
        if per_row_levels and row.target is not None:
            minimum = ""
            if row.minimum is not None:
                minimum = f", minimum {escape(display_kpi_value(row.minimum, kpi))}"
            levels = f"<span>target {escape(display_kpi_value(row.target, kpi))}{minimum}</span>"
        month = labels.get(row.period)
        if month is None:
            month = labels[row.period] = escape(row.month.short_label)
        commentary = _text_html(row.commentary or "No commentary")
        rows.append(
            f'<tr><th scope="row">{month}</th>'
            f"<td>{compact_tag(row.label, row.colour)}{flag}</td>"
            f"<td>{escape(display_kpi_value(row.value, kpi))}{levels}</td>"
            f"<td>{commentary}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value written is escaped


def kpi_url(kpi) -> str:
    """The KPI's page, worked out once per KPI object: the table and the exceptions both
    link to it, and `reverse` costs more than the rest of a row."""
    url = kpi.__dict__.get("_page_url")
    if url is None:
        url = kpi._page_url = kpi.get_absolute_url()
    return url


def exception_group_html(group, labels=None) -> SafeString:
    """One KPI's exceptions (`dashboards.selectors.ExceptionGroup`) as the page shows
    them: the heading, its levels when every month shares them, the agreed mitigations
    and the table of months (`exception_rows_html`). Written directly like the rows: a
    long range has dozens of KPIs with exceptions."""
    kpi = group.kpi
    code = escape(kpi.code)
    persistent = " " + govuk_tag(PERSISTENT_FLAG, "red") if group.persistent else ""
    return mark_safe(  # noqa: S308 - every value written is escaped
        '<section class="app-exception">\n'
        f'<h4 class="govuk-heading-s"><a class="govuk-link" href="{escape(kpi_url(kpi))}">'
        f"{code}</a> {escape(kpi.name)} "
        f'<span class="govuk-caption-m app-inline-caption">{escape(kpi.service_area.name)}'
        f"</span>{persistent}</h4>\n"
        f"{_shared_levels_html(group)}\n"
        + "".join(_mitigation_html(m) for m in group.mitigations)
        + '<table class="govuk-table app-exceptions app-compact">\n'
        f'<caption class="govuk-visually-hidden">{code}: months that were not green</caption>\n'
        '<thead><tr><th scope="col">Month</th><th scope="col">Status</th>'
        '<th scope="col">Value</th><th scope="col">Officer\'s commentary</th></tr></thead>\n'
        f"<tbody>\n{exception_rows_html(group, labels)}\n</tbody>\n</table>\n</section>"
    )


def _shared_levels_html(group) -> str:
    """The target and minimum, said once when every month was judged against them."""
    first = group.months[0] if group.months else None
    if first is None or first.target is None or not group.same_levels:
        return ""
    kpi = group.kpi
    minimum = ""
    if first.minimum is not None:
        minimum = f", minimum {escape(display_kpi_value(first.minimum, kpi))}"
    target = escape(display_kpi_value(first.target, kpi))
    return f'<p class="govuk-body-s">Target {target}{minimum} in every month below.</p>'


def _mitigation_html(mitigation) -> str:
    end = f" to {mitigation.end_month.label}" if mitigation.end else ""
    return (
        '<div class="govuk-inset-text app-mitigation">\n'
        f'<p class="govuk-body"><strong>In mitigation from {mitigation.start_month.label}'
        f"{end}.</strong> {_text_html(mitigation.reason)}</p>\n"
        f'<p class="govuk-body-s">Agreed by {escape(mitigation.agreed_by)} on '
        f"{format_date(mitigation.agreed_on)}.</p>\n</div>\n"
    )


def summary_rows_html(summaries) -> SafeString:
    """The rows of the summary by month, one per `ContractPeriodSummary`: the month, each
    status's count, the measured and the % achieved. Written directly like the tables
    above (the template's lookups cost more than the numbers)."""
    rows = []
    for s in summaries:
        achieved = "—" if s.achieved_percent is None else f"{localize(s.achieved_percent)}%"
        counts = "".join(
            f"<td>{value}</td>"
            for value in (s.green, s.amber, s.red, s.mitigated, s.missing, s.measured)
        )
        rows.append(
            f'<tr><th scope="row">{s.month.label}</th>{counts}<td>{escape(achieved)}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - numbers and month names only


class MonthColumn(tables.Column):
    """A month of the KPI Summary Performance table in the export: the status word and the
    value (the page draws its cells with `cell_html`)."""

    def __init__(self, month, **kwargs):
        self.month = month
        super().__init__(
            verbose_name=month.short_label,
            accessor=f"cells__{month}",
            orderable=False,
            empty_values=(),
            **kwargs,
        )

    def value(self, record):
        return cell_text(record["cells"][str(self.month)], record["kpi"])


@dataclass(frozen=True)
class PageRow:
    service_area: str
    code: str
    name: str
    url: str
    cells: SafeString  # every month's <td>, in order


class PerformanceTable(tables.Table):
    """Sorting, headers and the export; the page's body comes from `page_rows`."""

    SORTS = ("code", "-code", "name", "-name")  # the orderable columns, either way

    service_area = tables.Column(verbose_name="Service area", orderable=False)
    code = tables.Column(verbose_name="KPI", order_by=("area_order", "code"))
    name = tables.Column(verbose_name="Name", order_by=("area_order", "name"))

    class Meta:
        attrs = {"id": "kpi-summary-performance"}
        orderable = True

    def __init__(self, rows, months, **kwargs):
        self.months = list(months)
        data = [
            {
                "kpi": row.kpi,
                "service_area": row.kpi.service_area.name,
                "area_order": (row.kpi.service_area.sort_order, row.kpi.service_area.name),
                "code": row.kpi.code,
                "name": row.kpi.name,
                "url": kpi_url(row.kpi),
                "cells": {str(m): c for m, c in row.cells.items()},
            }
            for row in rows
        ]
        extra = [(f"m{m}", MonthColumn(m)) for m in self.months]
        super().__init__(data, extra_columns=extra, **kwargs)

    def page_rows(self) -> list[PageRow]:
        """The rows in the table's order, each month's cell already written."""
        keys = [str(m) for m in self.months]
        return [
            PageRow(
                service_area=record["service_area"],
                code=record["code"],
                name=record["name"],
                url=record["url"],
                cells=mark_safe(  # noqa: S308 - cell_html escapes every value it writes
                    "".join(cell_html(record["cells"][key], record["kpi"]) for key in keys)
                ),
            )
            for record in self.data
        ]
