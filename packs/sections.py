"""A report's content: each section built from the data, in the report's order.

`report_content(report, numbering)` is what the report page, the pack and publication
read. Each generated section has a builder below (or in `project_sections`) that turns the
report and the pack's numbering into a `content.Section`: the template that draws it,
its context, its table and appendix labels, and every figure and status it shows as a
`content.Fact`. Built twice on unchanged data, a report gives the same facts.

The KPI sections read what the dashboards read (`dashboards.selectors`), so Table 1
shows the very cells the dashboard shows for the same months.
"""

from core.formatting import format_date
from dashboards.ranges import MonthRange
from dashboards.selectors import exceptions, headline, monthly_summaries, performance_rows
from dashboards.tables import PerformanceTable
from kpis.display import display_kpi_value

from . import charts, overview, project_sections
from .choices import SectionKind
from .content import Numbering, ReportContent, Section
from .facts import kpi_fact, mitigation_fact, summary_fact
from .reports import CONTRACT_SECTIONS, Scope, report_scope
from .selectors import outstanding_actions


def report_content(report, numbering: Numbering) -> ReportContent:
    """The report's narrative sections, then its generated ones, in its order; tables
    and appendices take their labels from `numbering` as they come."""
    scope = report_scope(report)
    sections = [narrative_section(n) for n in report.narrative.all()]
    for kind in report.sections:
        if kind in CONTRACT_SECTIONS and scope.contract is None:
            continue
        sections.append(BUILDERS[kind](scope, numbering))
    return ReportContent(report=report, sections=sections)


def narrative_section(narrative) -> Section:
    return Section(
        kind="narrative",
        heading=narrative.heading,
        template="packs/sections/narrative.html",
        context={"text": narrative.text},
    )


def _status_text(label: str, persistent: bool) -> str:
    return f"{label} (persistent failure)" if persistent else label


def performance_section(scope: Scope, numbering: Numbering) -> Section:
    """Headline and Table 1 — KPI Summary Performance, a column per month."""
    contract, month_range = scope.contract, scope.month_range
    months = month_range.months()
    table = PerformanceTable(performance_rows(contract, month_range), months)
    label = numbering.table()
    rows, facts = [], []
    for bound in table.rows:
        kpi = bound.record["kpi"]
        cells = []
        for month in months:
            cell = bound.record["cells"][str(month)]
            value = display_kpi_value(cell.value, kpi)
            cells.append({"cell": cell, "value": value, "text": bound.get_cell_value(f"m{month}")})
            if cell.status != "not_due":
                status = _status_text(cell.label, cell.persistent)
                facts.append(kpi_fact("status", kpi, month, "status", status))
                facts.append(kpi_fact("figure", kpi, month, "figure", value))
        rows.append({"kpi": kpi, "service_area": kpi.service_area.name, "cells": cells})
    summary = headline(contract, month_range)
    facts.extend(_headline_facts(contract, month_range, summary))
    return Section(
        kind=SectionKind.PERFORMANCE,
        heading=SectionKind.PERFORMANCE.label,
        template="packs/sections/performance.html",
        context={
            "table_label": label,
            "month_range": month_range,
            "months": months,
            "rows": rows,
            "headline": summary,
        },
        labels=[label],
        facts=facts,
    )


def _headline_facts(contract, month_range: MonthRange, summary) -> list:
    months = f"{month_range.start}/{month_range.end}"
    achieved = summary.achieved_percent
    counts = {
        "achieved": ("% achieved", "—" if achieved is None else f"{achieved}%"),
        "measured": ("KPIs measured", str(summary.measured)),
        "green": ("KPIs green", str(summary.green)),
        "mitigated": ("KPIs in mitigation", str(summary.mitigated)),
        "missing": ("KPIs missing", str(summary.missing)),
    }
    return [
        summary_fact(contract, what, months, f"{label}, {month_range.label}", value)
        for what, (label, value) in counts.items()
    ]


def _exception_rows(groups, *, persistent_only: bool) -> tuple[list, list]:
    rows, facts = [], []
    for group in groups:
        for status in group.months:
            if persistent_only and not status.persistent_failure:
                continue
            kpi, month = group.kpi, status.month
            value = display_kpi_value(status.value, kpi)
            target = _target_text(status, kpi)
            rows.append(
                {
                    "kpi": kpi,
                    "status": status,
                    "value": value,
                    "target": target,
                    "commentary": status.figure.commentary if status.figure else "",
                }
            )
            label = _status_text(status.label, status.persistent_failure)
            facts.append(kpi_fact("status", kpi, month, "status", label))
            facts.append(kpi_fact("figure", kpi, month, "figure", value))
            if target:
                facts.append(kpi_fact("target", kpi, month, "target", target))
    return rows, facts


def _target_text(status, kpi) -> str:
    if status.target is None:
        return ""
    text = f"target {display_kpi_value(status.target, kpi)}"
    if status.minimum is not None:
        text += f", minimum {display_kpi_value(status.minimum, kpi)}"
    return text


def mitigation_text(mitigation) -> str:
    """What the report says of an agreed mitigation: the fact's value."""
    covers = mitigation.start_month.label
    covers += f" to {mitigation.end_month.label}" if mitigation.end else " until ended"
    return (
        f"{covers}: {mitigation.reason} Agreed by {mitigation.agreed_by} "
        f"on {format_date(mitigation.agreed_on)}."
    )


def exceptions_section(scope: Scope, numbering: Numbering) -> Section:
    """Every KPI-month not green, with commentary; then the agreed mitigations."""
    groups = exceptions(scope.contract, scope.month_range)
    rows, facts = _exception_rows(groups, persistent_only=False)
    mitigations = [m for group in groups for m in group.mitigations]
    facts.extend(mitigation_fact(m, mitigation_text(m)) for m in mitigations)
    labels = [numbering.table()]
    if mitigations:
        labels.append(numbering.table())
    return Section(
        kind=SectionKind.EXCEPTIONS,
        heading=SectionKind.EXCEPTIONS.label,
        template="packs/sections/exceptions.html",
        context={
            "table_label": labels[0],
            "mitigations_label": labels[1] if mitigations else "",
            "month_range": scope.month_range,
            "rows": rows,
            "mitigations": mitigations,
        },
        labels=labels,
        facts=facts,
    )


def persistent_section(scope: Scope, numbering: Numbering) -> Section:
    groups = [g for g in exceptions(scope.contract, scope.month_range) if g.persistent]
    rows, facts = _exception_rows(groups, persistent_only=True)
    label = numbering.table()
    return Section(
        kind=SectionKind.PERSISTENT,
        heading=SectionKind.PERSISTENT.label,
        template="packs/sections/persistent.html",
        context={"table_label": label, "month_range": scope.month_range, "rows": rows},
        labels=[label],
        facts=facts,
    )


def trend_section(scope: Scope, numbering: Numbering) -> Section:
    """% achieved and the KPIs by status, month by month: each chart with its table."""
    contract = scope.contract
    summaries = monthly_summaries(contract, scope.month_range)
    labels = [numbering.table(), numbering.table()]
    facts = []
    for summary in summaries:
        achieved = summary.achieved_percent
        facts.append(
            summary_fact(
                contract,
                "achieved",
                str(summary.month),
                f"% achieved, {summary.month.label}",
                "—" if achieved is None else f"{achieved}%",
            )
        )
        counts = ", ".join(f"{s.label} {getattr(summary, s.value)}" for s in charts.SERIES)
        label = f"KPIs by status, {summary.month.label}"
        facts.append(summary_fact(contract, "counts", str(summary.month), label, counts))
    return Section(
        kind=SectionKind.TREND,
        heading=SectionKind.TREND.label,
        template="packs/sections/trend.html",
        context={
            "achieved_label": labels[0],
            "counts_label": labels[1],
            "month_range": scope.month_range,
            "summaries": summaries,
            "series": charts.SERIES,
            "count_rows": [
                {"month": s.month, "counts": [getattr(s, status.value) for status in charts.SERIES]}
                for s in summaries
            ],
            "achieved_chart": charts.achieved_trend_svg(summaries, title=labels[0]),
            "counts_chart": charts.status_counts_svg(summaries, title=labels[1]),
        },
        labels=labels,
        facts=facts,
    )


def overview_section(scope: Scope, numbering: Numbering) -> Section:
    """This half-year against the one before it."""
    comparison = overview.compare_halves(scope.contract, scope.month_range.end)
    labels = [numbering.table(), numbering.table(), numbering.table()]
    return Section(
        kind=SectionKind.OVERVIEW,
        heading=SectionKind.OVERVIEW.label,
        template="packs/sections/overview.html",
        context={
            "kpis_label": labels[0],
            "areas_label": labels[1],
            "projects_label": labels[2],
            "comparison": comparison,
            "series": overview.COUNTED,
            "kpi_rows": [
                {
                    "kpi": row["kpi"],
                    "changes": [
                        {"previous": before, "this": now}
                        for before, now in zip(row["previous"], row["this"], strict=True)
                    ],
                }
                for row in comparison.kpis
            ],
        },
        labels=labels,
        facts=overview.comparison_facts(scope.contract, comparison),
    )


def actions_section(scope: Scope, numbering: Numbering) -> Section:
    """Actions still open from the board's earlier meetings, about this item's contract
    (or, for an item about no contract, about none). Actions move on by nature: they are
    listed, not kept as facts to correct."""
    item = scope.report.agenda_item
    day = item.meeting.date  # overdue as the board will read it at the meeting
    label = numbering.table()
    return Section(
        kind=SectionKind.ACTIONS,
        heading=SectionKind.ACTIONS.label,
        template="packs/sections/actions.html",
        context={
            "table_label": label,
            "actions": [
                {"action": a, "status": a.status_word(day), "colour": a.colour(day)}
                for a in outstanding_actions(item)
            ],
        },
        labels=[label],
    )


BUILDERS = {
    SectionKind.PERFORMANCE: performance_section,
    SectionKind.EXCEPTIONS: exceptions_section,
    SectionKind.PERSISTENT: persistent_section,
    SectionKind.TREND: trend_section,
    SectionKind.OVERVIEW: overview_section,
    SectionKind.IMT_APPENDIX: project_sections.imt_appendix_section,
    SectionKind.BENEFITS: project_sections.benefits_section,
    SectionKind.ACTIONS: actions_section,
}
