"""Corrections since publication: the figures, statuses, targets, mitigations and IMT
projects a published pack shows, read again today and compared with the version's
snapshot. Each difference names what changed, the published and current values, and who
changed it, when and why, from the changed record's history."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from contracts.models import Contract
from core.formatting import format_date, person_name
from core.periods import Month
from imt_projects.models import GoLiveRevision, IMTProject
from kpis.models import KPIFigure, KPITarget, Mitigation

from .content import Fact, Numbering
from .sections import report_content

REMOVED = "No longer shown"


def snapshot(facts: Iterable[Fact]) -> dict:
    """What a published version keeps of each fact it shows, by the fact's key."""
    return {
        fact.key: {"kind": fact.kind, "ref": fact.ref, "label": fact.label, "value": fact.value}
        for fact in facts
    }


@dataclass(frozen=True)
class Change:
    """One recorded change of a record: when, by whom, and the reason given."""

    when: datetime
    who: object  # a user, or None for a system change
    reason: str


@dataclass(frozen=True)
class Correction:
    key: str
    ref: dict  # the record, as the fact names it (content.Fact.ref)
    what: str
    published: str
    current: str
    change: Change | None

    @property
    def who(self) -> str:
        return person_name(self.change.who, "Not recorded") if self.change else "Not recorded"

    @property
    def when(self) -> str:
        return format_date(self.change.when, "long_time") if self.change else "Not recorded"

    @property
    def reason(self) -> str:
        return (self.change.reason if self.change else "") or "None given"

    def as_dict(self) -> dict:
        """As a supplement lists it (and keeps it, in PackVersion.corrections)."""
        return {
            "what": self.what,
            "published": self.published,
            "current": self.current,
            "who": self.who,
            "when": self.when,
            "reason": self.reason,
        }


def current_facts(meeting) -> dict[str, Fact]:
    """Every fact the meeting's public pack would show if it were built now: each
    item's report in agenda order, numbered as the pack numbers them."""
    numbering = Numbering()
    facts = {}
    items = meeting.items.filter(exempt=False, report__isnull=False).select_related("report")
    for item in items.order_by("number"):
        for fact in report_content(item.report, numbering).facts:
            facts.setdefault(fact.key, fact)
    return facts


def corrections_since(version) -> list[Correction]:
    """What changed, since the version was published, among the facts it shows."""
    return corrections_between(
        version.snapshot, current_facts(version.meeting), version.published_at
    )


def corrections_seen_by(version, user) -> list[Correction]:
    """The corrections since `version` about contracts and IMT projects the user sees:
    the pack page names no contract to someone who is not its member."""
    contracts = set(Contract.objects.visible_to(user).values_list("reference", flat=True))
    projects = set(IMTProject.objects.visible_to(user).values_list("number", flat=True))
    return [
        correction
        for correction in corrections_since(version)
        if correction.ref.get("contract") in contracts | {None}
        and correction.ref.get("project") in projects | {None}
    ]


def compare(published: dict, current: dict[str, Fact]) -> list[tuple[str, dict, str]]:
    """(key, published fact, current value) for each fact changed or no longer shown."""
    differences = []
    for key, fact in published.items():
        now = current[key].value if key in current else REMOVED
        if now != fact["value"]:
            differences.append((key, fact, now))
    return differences


def corrections_between(published: dict, current: dict[str, Fact], since) -> list[Correction]:
    return [
        Correction(
            key=key,
            ref=fact["ref"],
            what=fact["label"],
            published=fact["value"],
            current=now,
            change=latest_change(fact["kind"], fact["ref"], since),
        )
        for key, fact, now in compare(published, current)
    ]


def _kpi_filter(ref: dict, prefix: str = "kpi__") -> dict:
    return {f"{prefix}contract__reference": ref.get("contract"), f"{prefix}code": ref.get("kpi")}


def _figure_record_changes(records) -> list[Change]:
    """A figure's changes, with the correction's reason where one was given; outside a
    request (an import, a command) the history names no user, the figure who entered it."""
    return [
        Change(
            r.history_date,
            r.history_user or r.entered_by,
            r.correction_reason or r.history_change_reason or "",
        )
        for r in records.select_related("history_user", "entered_by")
    ]


def _figure_changes(ref: dict) -> list[Change]:
    if "kpi" not in ref or "month" not in ref:
        return []
    records = KPIFigure.history.filter(
        **_kpi_filter(ref), period=Month.parse(ref["month"]).first_day
    )
    return _figure_record_changes(records)


def _summary_changes(ref: dict) -> list[Change]:
    """A count or % achieved over a month or a range ("2018-04/2018-09") of a contract's
    KPIs moves with any of their figures in those months."""
    if "months" not in ref:
        return []
    first, _, last = ref["months"].partition("/")
    records = KPIFigure.history.filter(
        kpi__contract__reference=ref.get("contract"),
        period__gte=Month.parse(first).first_day,
        period__lte=Month.parse(last or first).first_day,
    )
    return _figure_record_changes(records)


def _target_changes(ref: dict) -> list[Change]:
    if "kpi" not in ref:
        return []
    targets = KPITarget.objects.filter(**_kpi_filter(ref)).select_related("created_by")
    return [
        Change(
            t.created_at,
            t.created_by,
            f"Contract variation {t.variation_reference}" if t.variation_reference else "",
        )
        for t in targets
    ]


def _mitigation_changes(ref: dict) -> list[Change]:
    if "kpi" not in ref:
        return []
    records = Mitigation.history.filter(**_kpi_filter(ref)).select_related(
        "history_user", "recorded_by"
    )
    return [
        Change(r.history_date, r.history_user or r.recorded_by, r.history_change_reason or r.reason)
        for r in records
    ]


def _project_changes(ref: dict) -> list[Change]:
    if "project" not in ref:
        return []
    revisions = GoLiveRevision.objects.filter(project__number=ref["project"]).select_related(
        "recorded_by"
    )
    records = IMTProject.history.filter(number=ref["project"]).select_related("history_user")
    return [Change(r.recorded_at, r.recorded_by, r.reason) for r in revisions] + [
        Change(r.history_date, r.history_user, r.history_change_reason or "") for r in records
    ]


# Which records' history can explain a change of each kind of fact.
SOURCES = {
    "figure": (_figure_changes,),
    "target": (_target_changes,),
    "mitigation": (_mitigation_changes,),
    "status": (_figure_changes, _target_changes, _mitigation_changes, _summary_changes),
    "project": (_project_changes,),
}
EVERY_SOURCE = (*SOURCES["status"], _project_changes)


def latest_change(kind: str, ref: dict, since: datetime) -> Change | None:
    """The most recent change after `since` to the records behind a fact, if recorded."""
    changes = [
        change
        for source in SOURCES.get(kind, EVERY_SOURCE)
        for change in source(ref)
        if change.when > since
    ]
    return max(changes, key=lambda change: change.when, default=None)
