"""Reads the report sections, the pack pages and panels share that no lower app
already offers."""

from django.db.models import Prefetch
from django.utils import timezone

from imt_projects.models import Benefit, GoLiveRevision, IMTProject
from minutes.models import Action, AgendaItem, Meeting

from .models import PackVersion


def outstanding_actions(item) -> list[Action]:
    """Actions still open from the board's meetings before this item's, about the item's
    contract (an item about no contract: about none). Actions of exempt items are listed
    only in an exempt item's report, so a public pack never carries them."""
    actions = (
        Action.objects.open()
        .filter(
            agenda_item__meeting__board_id=item.meeting.board_id,
            agenda_item__meeting__date__lt=item.meeting.date,
            agenda_item__contract_id=item.contract_id,
        )
        .select_related("agenda_item__meeting", "resolution")
        .order_by("due_date", "pk")
    )
    if not item.exempt:
        actions = actions.filter(agenda_item__exempt=False)
    return list(actions)


def priority_projects(contract, through) -> list[IMTProject]:
    """The top-20 priority IMT projects of the contract (an item about no contract: the
    council-wide ones), with stage and RAG as of `through` and every go-live revision."""
    revisions = GoLiveRevision.objects.order_by("recorded_at", "pk")
    return list(
        IMTProject.objects.filter(contract=contract)
        .top_priorities()
        .with_latest_update(through=through)
        .prefetch_related(Prefetch("revisions", queryset=revisions))
    )


def benefits_of(contract) -> list[Benefit]:
    return list(
        Benefit.objects.filter(project__contract=contract)
        .select_related("project")
        .order_by("project__number", "review_date", "pk")
    )


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
