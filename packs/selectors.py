"""Reads the pack pages and panels share."""

from django.db.models import Prefetch
from django.utils import timezone

from minutes.models import AgendaItem, Meeting

from .models import PackVersion


def pack_items(meeting: Meeting, user) -> list[AgendaItem]:
    """The meeting's items the user may see, with their reports and documents."""
    return list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("contract", "report")
        .prefetch_related("documents")
        .order_by("number")
    )


def published_versions(meeting: Meeting) -> list[PackVersion]:
    return list(meeting.pack_versions.select_related("published_by").order_by("number"))


def upcoming_meetings_with_packs(user, *, limit: int = 5) -> list[Meeting]:
    """The next meetings of the boards the user sits on, each with its published
    versions (newest first) in `published`."""
    versions = PackVersion.objects.order_by("-number")
    return list(
        Meeting.objects.filter(board__members=user, date__gte=timezone.localdate())
        .select_related("board")
        .prefetch_related(Prefetch("pack_versions", queryset=versions, to_attr="published"))
        .order_by("date", "start_time")[:limit]
    )
