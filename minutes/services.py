"""Writes to the minutes. Confirmed minutes are locked: every write to a meeting, its
items or resolutions checks the stored status first; actions stay editable."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.formatting import format_date

from .choices import MeetingStatus
from .models import Action, AgendaItem, Meeting, Resolution

CONFIRMABLE = [MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT]


def locked_message(meeting: Meeting) -> str:
    confirmed_at = meeting.confirmed_at
    when = f" at the meeting of {format_date(confirmed_at.date)}" if confirmed_at else ""
    return (
        f"These minutes were confirmed{when} and are locked, so they cannot be changed. "
        "Their actions can still be updated."
    )


def ensure_unlocked(meeting: Meeting) -> None:
    stored = Meeting.objects.select_related("confirmed_at").filter(pk=meeting.pk).first()
    if stored is not None and stored.is_locked:
        raise ValidationError(locked_message(stored), code="locked")


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    ensure_unlocked(meeting)
    if meeting.status == MeetingStatus.MINUTES_CONFIRMED:
        raise ValidationError("Minutes are confirmed at a later meeting, not by editing them.")
    meeting.save()
    return meeting


@transaction.atomic
def item_save(*, item: AgendaItem) -> AgendaItem:
    ensure_unlocked(item.meeting)
    if item.number is None:
        highest = item.meeting.items.aggregate(n=Max("number"))["n"] or 0
        item.number = highest + 1
    elif item.meeting.items.exclude(pk=item.pk).filter(number=item.number).exists():
        raise ValidationError({"number": "Another item of this meeting has this number."})
    item.save()
    return item


def _lock_item(agenda_item: AgendaItem) -> AgendaItem:
    # Serialises numbering per item on PostgreSQL; SQLite serialises writes anyway.
    return AgendaItem.objects.select_for_update().select_related("meeting").get(pk=agenda_item.pk)


@transaction.atomic
def resolution_add(*, agenda_item: AgendaItem, text: str, kpi=None, imt_project=None) -> Resolution:
    agenda_item = _lock_item(agenda_item)
    ensure_unlocked(agenda_item.meeting)
    highest = agenda_item.resolutions.aggregate(n=Max("number"))["n"] or 0
    return Resolution.objects.create(
        agenda_item=agenda_item,
        number=highest + 1,
        text=text,
        kpi=kpi,
        imt_project=imt_project,
    )


@transaction.atomic
def resolution_update(
    *,
    resolution: Resolution,
    text: str,
    kpi=None,
    imt_project=None,
    version: int | None = None,
) -> Resolution:
    """`version`: the one the person saw; the save is refused if someone saved since."""
    ensure_unlocked(resolution.agenda_item.meeting)
    resolution.text = text
    resolution.kpi = kpi
    resolution.imt_project = imt_project
    if version is not None:
        resolution.version = version
    resolution.save()
    return resolution


@transaction.atomic
def resolution_move(*, resolution: Resolution, direction: str) -> Resolution:
    """Swap a resolution with the one above ("up") or below ("down"); numbers stay 1…n."""
    item = _lock_item(resolution.agenda_item)
    ensure_unlocked(item.meeting)
    resolution.refresh_from_db()
    siblings = item.resolutions.exclude(pk=resolution.pk)
    if direction == "up":
        neighbour = siblings.filter(number__lt=resolution.number).order_by("-number").first()
    elif direction == "down":
        neighbour = siblings.filter(number__gt=resolution.number).order_by("number").first()
    else:
        raise ValidationError("Move a resolution up or down.")
    if neighbour is None:
        return resolution
    # Through 0, so the unique (item, number) constraint holds at every step.
    mine, theirs = resolution.number, neighbour.number
    _renumber(resolution, 0)
    _renumber(neighbour, mine)
    _renumber(resolution, theirs)
    return resolution


def _renumber(resolution: Resolution, number: int) -> None:
    resolution.number = number
    resolution.save(update_fields=["number"])


@transaction.atomic
def minutes_confirm(*, meeting: Meeting, confirmed_at: Meeting) -> Meeting:
    ensure_unlocked(meeting)
    if meeting.status not in CONFIRMABLE:
        raise ValidationError("Only the minutes of a meeting that was held can be confirmed.")
    if confirmed_at.board_id != meeting.board_id or confirmed_at.date <= meeting.date:
        raise ValidationError({"confirmed_at": "Choose a later meeting of the same board."})
    meeting.status = MeetingStatus.MINUTES_CONFIRMED
    meeting.confirmed_at = confirmed_at
    meeting.save()
    return meeting


@transaction.atomic
def action_save(*, action: Action) -> Action:
    if action.resolution_id and action.resolution.agenda_item_id != action.agenda_item_id:
        raise ValidationError({"resolution": "Choose a resolution of this item."})
    action.save()
    return action
