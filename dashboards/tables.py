import django_tables2 as tables
from django.utils.html import format_html

from core.colours import govuk_tag
from kpis.display import display_kpi_value


class MonthColumn(tables.Column):
    """A month of the KPI Summary Performance table: the status word as a tag, and the
    value; the export gives the same words and value."""

    def __init__(self, month, **kwargs):
        self.month = month
        super().__init__(
            verbose_name=month.short_label,
            accessor=f"cells__{month}",
            orderable=False,
            empty_values=(),
            **kwargs,
        )

    def render(self, record):
        cell = record["cells"][str(self.month)]
        value = display_kpi_value(cell.value, record["kpi"])
        persistent = (
            format_html('<span class="app-cell__flag">{}</span>', "Persistent failure")
            if cell.persistent
            else ""
        )
        return format_html(
            '{}<span class="app-cell__value">{}</span>{}',
            govuk_tag(cell.label, cell.colour, extra_class="app-cell__tag"),
            value,
            persistent,
        )

    def value(self, record):
        cell = record["cells"][str(self.month)]
        value = display_kpi_value(cell.value, record["kpi"])
        flag = " (persistent failure)" if cell.persistent else ""
        return f"{cell.label} {value}".strip() + flag


class PerformanceTable(tables.Table):
    SORTS = ("code", "-code", "name", "-name")  # the orderable columns, either way

    service_area = tables.Column(verbose_name="Service area", orderable=False)
    code = tables.Column(verbose_name="KPI", order_by=("area_order", "code"))
    name = tables.Column(verbose_name="Name", order_by=("area_order", "name"))

    class Meta:
        template_name = "dashboards/_performance_table.html"
        attrs = {"id": "kpi-summary-performance"}
        orderable = True

    def __init__(self, rows, months, **kwargs):
        data = [
            {
                "kpi": row.kpi,
                "service_area": row.kpi.service_area.name,
                "area_order": (row.kpi.service_area.sort_order, row.kpi.service_area.name),
                "code": row.kpi.code,
                "name": row.kpi.name,
                "url": row.kpi.get_absolute_url(),
                "cells": {str(m): c for m, c in row.cells.items()},
            }
            for row in rows
        ]
        extra = [(f"m{m}", MonthColumn(m)) for m in months]
        super().__init__(data, extra_columns=extra, **kwargs)

    def render_code(self, record):
        return format_html('<a class="govuk-link" href="{}">{}</a>', record["url"], record["code"])
