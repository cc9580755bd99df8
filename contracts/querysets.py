from django.apps import apps
from django.db import models

from .choices import ADMINISTRATORS_GROUP, CLERKS_GROUP


def group_names(user) -> frozenset[str]:
    """The user's group names, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_group_names"):
        user._group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._group_names


def sees_every_contract(user) -> bool:
    """Clerks and administrators see all contracts; everyone else their memberships."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(group_names(user) & {ADMINISTRATORS_GROUP, CLERKS_GROUP})


def visible_contract_pks(user):
    """The pks of the contracts the user sees (`Contract.objects.visible_to`), as a
    subquery: clerks and administrators all, everyone else their memberships', read from
    the memberships alone, with no join or DISTINCT, so that a query holding several of
    them (the minutes' scoping holds up to four) is quick to build and plan."""
    contracts = apps.get_model("contracts", "Contract")
    if sees_every_contract(user):
        return contracts.objects.values("pk")
    if not user.is_authenticated:
        return contracts.objects.none().values("pk")
    memberships = apps.get_model("contracts", "ContractMembership")
    return memberships.objects.filter(user=user).values("contract")


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_every_contract(user):
            return self
        if not user.is_authenticated:
            return self.none()
        # A semi-join on the memberships, not a join and DISTINCT: cheaper to plan, and
        # a subquery of it (as other apps' scoping holds) stays simple.
        return self.filter(pk__in=visible_contract_pks(user))


class SupplierQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The suppliers of the contracts the user sees (clerks and administrators: all)."""
        if sees_every_contract(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(contracts__memberships__user=user).distinct()
