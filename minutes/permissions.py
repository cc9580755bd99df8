"""Who may write the minutes: clerks and administrators. Who reads what is the
querysets' `visible_to`."""

from contracts.permissions import is_administrator, is_clerk


def can_edit_minutes(user) -> bool:
    return is_clerk(user) or is_administrator(user)
