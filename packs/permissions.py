"""Who may do what with reports and packs. Who may read an agenda item (and so its
report) is the minutes' `AgendaItem.objects.visible_to`; who sees a meeting at all,
`Meeting.objects.visible_to`."""

from contracts.permissions import can_manage, is_administrator, is_clerk
from minutes.models import Meeting


def can_write_report(user, item) -> bool:
    """A contract manager of the item's contract (or an administrator); for an item about
    no contract, clerks and administrators."""
    if item.contract_id is None:
        return is_clerk(user) or is_administrator(user)
    return can_manage(user, item.contract)


def can_publish(user, meeting: Meeting) -> bool:
    """Preview and publish the meeting's pack, and its supplements: the clerks and
    administrators, who write the minutes."""
    return is_clerk(user) or is_administrator(user)


def can_read_pack(user, meeting: Meeting) -> bool:
    """The public pack: anyone who may see the meeting."""
    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


def can_read_exempt(user, meeting: Meeting) -> bool:
    """The exempt pack (Schedule 12A): the board's members, clerks and administrators."""
    if is_clerk(user) or is_administrator(user):
        return True
    return user.is_authenticated and meeting.board.members.filter(pk=user.pk).exists()


def can_change_documents(user, item) -> bool:
    """Add or remove an item's supporting documents: clerks, administrators and whoever
    may write the item's report."""
    return is_clerk(user) or is_administrator(user) or can_write_report(user, item)
