"""What a built report holds, shared by the report builder, the pack and publication.

A report's generated sections are built into `Section`s; each carries the `Fact`s it
shows (a figure, a status, a target, a mitigation, a project's go-live…), so a published
pack can keep a snapshot of them and list later corrections by comparing the snapshot's
facts with the same facts read again today.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    """One value a pack shows. `key` is stable across builds, e.g.
    "figure:CSC_KPI_04:2018-09" or "project:277:go_live"; `kind` is one of "figure",
    "status", "target", "mitigation", "project"; `ref` names the record for the
    corrections list (e.g. {"contract": "CSSC", "kpi": "CSC_KPI_04", "month": "2018-09"}
    or {"project": 277}); `label` says what it is in words; `value` is the text shown."""

    key: str
    kind: str
    ref: dict
    label: str
    value: str


@dataclass
class Section:
    kind: str  # a SectionKind value, or "narrative"
    heading: str
    template: str  # renders the section in both the HTML page and the PDF
    context: dict
    # "Table 1", "Appendix A"… given by the pack's Numbering, in pack order.
    labels: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class ReportContent:
    report: object  # packs.models.Report
    sections: list[Section]

    @property
    def facts(self) -> list[Fact]:
        return [fact for section in self.sections for fact in section.facts]


class Numbering:
    """Tables and appendices numbered in pack order: one Numbering per pack build, passed
    to every report as it is built, so references stay right when items move."""

    def __init__(self):
        self.tables = 0
        self.appendices = 0

    def table(self) -> str:
        self.tables += 1
        return f"Table {self.tables}"

    def appendix(self) -> str:
        self.appendices += 1
        return f"Appendix {chr(ord('A') + self.appendices - 1)}"
