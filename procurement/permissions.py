"""Who may do what with assessments and breach notices (docs/procurement-act.md,
"Who does what"). Which records a person sees at all is `visible_to` in querysets.py."""

from contracts.choices import Role
from contracts.permissions import can_manage, is_administrator, is_clerk, role_on

from .choices import ApprovalStatus


def can_read(user, contract) -> bool:
    """Contract managers, board members, clerks and administrators; never officers."""
    if is_administrator(user) or is_clerk(user):
        return True
    return role_on(user, contract) in (Role.CONTRACT_MANAGER, Role.BOARD_MEMBER)


def can_draft(user, contract) -> bool:
    """Enter the procurement details, draft, change and submit assessments and breaches."""
    return can_manage(user, contract)


def may_approve(user, contract, submitted_by_id) -> bool:
    """Four eyes: a contract manager of the contract or an administrator, never the
    person who submitted the record."""
    return can_manage(user, contract) and submitted_by_id != user.pk


def can_approve(user, record) -> bool:
    return record.status == ApprovalStatus.SUBMITTED and may_approve(
        user, record.contract, record.submitted_by_id
    )
