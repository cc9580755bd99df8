"""What each kind of report starts with: its generated sections and the months they cover.

The author may change both afterwards; the presets only save typing. Ranges are anchored
on the contract's last closed month (as the dashboards are), never on today's date, so a
report written in late October for a September quarter covers the same months whenever
it is opened.
"""

from dataclasses import dataclass

from core.periods import Month
from dashboards.ranges import MonthRange, RangeKind
from dashboards.selectors import anchor_month

from .choices import ReportKind, SectionKind

PRESET_SECTIONS = {
    ReportKind.QUARTERLY: [
        SectionKind.PERFORMANCE,
        SectionKind.EXCEPTIONS,
        SectionKind.TREND,
        SectionKind.ACTIONS,
        SectionKind.IMT_APPENDIX,
    ],
    ReportKind.EXCEPTION: [SectionKind.EXCEPTIONS, SectionKind.PERSISTENT],
    ReportKind.SIX_MONTHLY: [
        SectionKind.OVERVIEW,
        SectionKind.PERFORMANCE,
        SectionKind.TREND,
        SectionKind.BENEFITS,
        SectionKind.ACTIONS,
    ],
    ReportKind.IMT: [SectionKind.IMT_APPENDIX, SectionKind.BENEFITS],
}

# Sections that read a contract's KPIs: an item about no contract cannot have them.
CONTRACT_SECTIONS = frozenset(
    {
        SectionKind.PERFORMANCE,
        SectionKind.EXCEPTIONS,
        SectionKind.PERSISTENT,
        SectionKind.TREND,
        SectionKind.OVERVIEW,
    }
)

HALF_YEAR = 6


def preset_sections(kind: str, *, with_contract: bool = True) -> list[str]:
    sections = [str(s) for s in PRESET_SECTIONS[ReportKind(kind)]]
    if with_contract:
        return sections
    return [s for s in sections if s not in CONTRACT_SECTIONS]


def report_quarter_end(anchor: Month) -> Month:
    """The last month of the latest quarter complete by `anchor`."""
    return anchor if anchor.is_quarter_end else anchor.quarter_start.previous()


def preset_range(kind: str, anchor: Month) -> tuple[Month, Month]:
    """The months a report of this kind covers by default, for a contract whose
    dashboards end on `anchor`: a quarterly report the financial year to date up to the
    end of its quarter (April–September for a September quarter), a six-monthly overview
    the half-year, an exception or IMT report the quarter."""
    end = report_quarter_end(anchor)
    if kind == ReportKind.QUARTERLY:
        return end.financial_year_start, end
    if kind == ReportKind.SIX_MONTHLY:
        return end.add(1 - HALF_YEAR), end
    return end.quarter_start, end


def anchor_for(contract) -> Month:
    """Where a report's months end by default: the contract's dashboards' last month, or
    last month for an item about no contract."""
    return anchor_month(contract) if contract else Month.containing_today().previous()


@dataclass(frozen=True)
class Scope:
    """What a report's generated sections are about."""

    report: object
    contract: object  # None for an item about no contract
    month_range: MonthRange


def report_scope(report) -> Scope:
    month_range = MonthRange(
        RangeKind.CUSTOM, Month.from_date(report.range_start), Month.from_date(report.range_end)
    )
    return Scope(report=report, contract=report.agenda_item.contract, month_range=month_range)
