"""Who may do what on IMT projects. Board members and contract members read; these
rules decide who writes."""

from contracts.permissions import can_manage, is_administrator

from .models import IMTProject


def can_manage_project(user, project: IMTProject) -> bool:
    """Contract managers of its contract; administrators for every project."""
    if project.contract_id is None:
        return is_administrator(user)
    return can_manage(user, project.contract)
