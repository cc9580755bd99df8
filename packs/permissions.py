"""Who may do what with reports, supporting documents and packs. Who may read an agenda
item (and so its report) is the minutes' `AgendaItem.objects.visible_to`."""

from contracts.permissions import can_manage, is_administrator, is_clerk


def can_write_report(user, item) -> bool:
    """A contract manager of the item's contract (or an administrator); for an item about
    no contract, clerks and administrators."""
    if item.contract_id is None:
        return is_clerk(user) or is_administrator(user)
    return can_manage(user, item.contract)


def can_change_documents(user, item) -> bool:
    """Add or remove an item's supporting documents: clerks, administrators and whoever
    may write the item's report."""
    return is_clerk(user) or is_administrator(user) or can_write_report(user, item)


def can_preview_pack(user, meeting) -> bool:
    return is_clerk(user) or is_administrator(user)
