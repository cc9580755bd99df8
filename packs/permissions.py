"""Who may do what with reports and packs. Who may read an agenda item (and so its
report) is the minutes' `AgendaItem.objects.visible_to`; who sees a meeting at all,
`Meeting.objects.visible_to`."""

from contracts.choices import Role
from contracts.models import ContractMembership
from contracts.permissions import can_manage, is_administrator, is_clerk
from minutes.models import Meeting


def writes_for_packs(user) -> bool:
    """Whether the person may write any report or supporting document at all: clerks,
    administrators and contract managers. Asked before a record is looked up, so that
    anyone else is refused (403) without learning whether the record exists."""
    if is_clerk(user) or is_administrator(user):
        return True
    return ContractMembership.objects.filter(user=user, role=Role.CONTRACT_MANAGER).exists()


def can_write_report(user, item) -> bool:
    """A contract manager of the item's contract (or an administrator); for an item about
    no contract, clerks and administrators."""
    if item.contract_id is None:
        return is_clerk(user) or is_administrator(user)
    return can_manage(user, item.contract)


def can_publish(user, meeting: Meeting | None = None) -> bool:
    """Preview and publish a meeting's pack, and its supplements: the clerks and
    administrators, who write the minutes (whatever the meeting: asked before it is
    looked up)."""
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
