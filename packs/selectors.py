"""Reads the report sections share that no lower app already offers."""

from django.db.models import Prefetch

from imt_projects.models import Benefit, GoLiveRevision, IMTProject
from minutes.models import Action


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
