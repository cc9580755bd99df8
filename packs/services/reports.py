"""Writing reports: the report itself and the narrative sections its author writes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.concurrency import expect_version
from core.periods import Month

from ..choices import ReportKind, SectionKind
from ..models import NarrativeSection, Report
from ..reports import CONTRACT_SECTIONS, anchor_for, preset_range, preset_sections


def report_new(*, item, user) -> Report:
    """An unsaved report for the item, as its kind's preset starts it: the form's first
    showing."""
    report = Report(
        agenda_item=item,
        author=user,
        kind=ReportKind.QUARTERLY,
        title=item.title,
        officer=item.report_by,
        purpose=item.purpose,
    )
    _apply_preset(report)
    return report


def _apply_preset(report: Report) -> None:
    item = report.agenda_item
    report.sections = preset_sections(report.kind, with_contract=item.contract_id is not None)
    start, end = preset_range(report.kind, anchor_for(item.contract))
    report.range_start, report.range_end = start.first_day, end.first_day


def report_save(
    *,
    report: Report,
    user,
    kind: str,
    title: str,
    officer: str,
    purpose: str,
    recommendations: str,
    sections: list[str],
    range_start: Month,
    range_end: Month,
    apply_preset: bool = False,
    version: int | None = None,
) -> Report:
    """Save a report (a new one is written by `user`); with `apply_preset`, its sections
    and months are its kind's preset instead of those given."""
    item = report.agenda_item
    if set(sections) - set(SectionKind.values) or len(set(sections)) != len(sections):
        raise ValidationError("Choose each section at most once, from those offered.")
    if item.contract_id is None and CONTRACT_SECTIONS & set(sections):
        raise ValidationError("An item about no contract has no KPI sections.")
    if range_end < range_start:
        raise ValidationError({"range_end": "The last month must not be before the first."})
    with transaction.atomic():
        if report.pk is not None:
            report = Report.objects.select_for_update().get(pk=report.pk)
            expect_version(report, version)
        report.kind, report.title, report.officer = kind, title.strip(), officer.strip()
        report.purpose, report.recommendations = purpose.strip(), recommendations.strip()
        report.sections = list(sections)
        report.range_start, report.range_end = range_start.first_day, range_end.first_day
        if apply_preset:
            _apply_preset(report)
        report._history_user = user
        report.save()
    return report


def _next_position(report: Report) -> int:
    return (report.narrative.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def narrative_add(*, report: Report, heading: str, text: str, user) -> NarrativeSection:
    """A narrative section after the report's last."""
    Report.objects.select_for_update().get(pk=report.pk)  # one add at a time per report
    section = NarrativeSection(
        report=report, position=_next_position(report), heading=heading.strip(), text=text
    )
    section._history_user = user
    section.save()
    return section


@transaction.atomic
def narrative_update(
    *, section: NarrativeSection, heading: str, text: str, user, version: int | None = None
) -> NarrativeSection:
    if version is not None:
        section.version = version
    section.heading, section.text = heading.strip(), text
    section._history_user = user
    section.save()
    return section


def _reposition(section: NarrativeSection, position: int, user) -> None:
    section.position = position
    section._history_user = user
    section.save(update_fields=["position"])


@transaction.atomic
def narrative_move(*, section: NarrativeSection, direction: str, user) -> NarrativeSection:
    """Swap a narrative section with the one above ("up") or below ("down")."""
    Report.objects.select_for_update().get(pk=section.report_id)
    section.refresh_from_db()
    siblings = NarrativeSection.objects.filter(report_id=section.report_id).exclude(pk=section.pk)
    if direction == "up":
        neighbour = siblings.filter(position__lt=section.position).order_by("-position").first()
    elif direction == "down":
        neighbour = siblings.filter(position__gt=section.position).order_by("position").first()
    else:
        raise ValidationError("Move a section up or down.")
    if neighbour is None:
        return section
    # Through 0, so the unique (report, position) constraint holds at every step.
    mine, theirs = section.position, neighbour.position
    _reposition(section, 0, user)
    _reposition(neighbour, mine, user)
    _reposition(section, theirs, user)
    return section


@transaction.atomic
def narrative_remove(*, section: NarrativeSection, user) -> None:
    """Delete a narrative section; those after it move up, so positions stay 1…n."""
    report = Report.objects.select_for_update().get(pk=section.report_id)
    section._history_user = user
    section.delete()
    for number, later in enumerate(report.narrative.order_by("position"), start=1):
        if later.position != number:
            _reposition(later, number, user)
