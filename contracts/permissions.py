"""The only way views find contracts and decide who may do what on them.

Not a member: the contract does not exist for you (404). A member without the right
role: 403 for the action.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .choices import ADMINISTRATORS_GROUP, CLERKS_GROUP, Role
from .models import Contract, ContractMembership
from .querysets import group_names


def _in_group(user, name: str) -> bool:
    return name in group_names(user)


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, ADMINISTRATORS_GROUP))


def is_clerk(user) -> bool:
    return _in_group(user, CLERKS_GROUP)


def get_contract_or_404(user, reference: str) -> Contract:
    return get_object_or_404(
        Contract.objects.visible_to(user).select_related("supplier"), reference=reference
    )


def _membership_cache(user) -> dict:
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = {}
    return user._membership_cache


def remember_memberships(user, contract: Contract, memberships) -> None:
    """A page that lists a contract's members already knows the user's own membership."""
    mine = [m for m in memberships if m.user_id == user.pk]
    _membership_cache(user)[contract.pk] = mine[0] if mine else None


def remember_memberships_of(user, contract_ids) -> None:
    """Read the user's memberships of several contracts in one query, for a page that
    asks about each (a meeting's items each name a contract)."""
    cache = _membership_cache(user)
    wanted = {pk for pk in contract_ids if pk is not None and pk not in cache}
    if not wanted:
        return
    memberships = ContractMembership.objects.filter(user=user, contract__in=wanted)
    found = {m.contract_id: m for m in memberships}
    for pk in wanted:
        cache[pk] = found.get(pk)


def membership_of(user, contract: Contract) -> ContractMembership | None:
    cache = _membership_cache(user)
    if contract.pk not in cache:
        # One membership per user and contract: no order (the default joins two tables).
        memberships = ContractMembership.objects.filter(user=user, contract=contract)
        found = list(memberships.order_by()[:1])
        cache[contract.pk] = found[0] if found else None
    return cache[contract.pk]


def role_on(user, contract: Contract) -> str | None:
    membership = membership_of(user, contract)
    return membership.role if membership else None


def can_manage(user, contract: Contract) -> bool:
    """Define KPIs and targets, approve figures, agree mitigations, edit the contract."""
    return is_administrator(user) or role_on(user, contract) == Role.CONTRACT_MANAGER


def can_enter_figures(user, contract: Contract, service_area=None) -> bool:
    """Officers for their service areas (all when none are set); managers for all."""
    if can_manage(user, contract):
        return True
    membership = membership_of(user, contract)
    if membership is None or membership.role != Role.OFFICER:
        return False
    if service_area is None:
        return True
    limited_to = _service_areas(membership)
    return not limited_to or service_area in limited_to


def officer_service_areas(user, contract: Contract):
    """The service areas an officer may enter figures for; None means all of them."""
    if can_manage(user, contract):
        return None
    membership = membership_of(user, contract)
    if membership is None:
        return []
    return _service_areas(membership) or None


def _service_areas(membership: ContractMembership) -> list:
    """The service areas an officer is limited to (none: all), read once when first
    asked: only entering figures needs them, and most pages ask only the role."""
    if not hasattr(membership, "_service_areas"):
        membership._service_areas = list(membership.service_areas.all())
    return membership._service_areas


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role on this contract does not allow this.")
