"""Who sees what in the minutes.

A meeting, with its agenda, is seen by the members of its board, clerks and
administrators. Within it, an item about a contract (with its resolutions and actions)
is seen only by that contract's members, and a resolution or action linked to a KPI or
an IMT project only by those who see that KPI or project: no page names a contract to
someone who is not its member. Clerks and administrators see everything. An item exempt
under Schedule 12A of the Local Government Act 1972 is thus seen only by the board's
members, clerks and administrators, as the rest of its meeting is.
"""

from django.db import models
from django.db.models import Q

from contracts.querysets import sees_every_contract, visible_contract_pks

from .choices import ActionStatus


def _contracts_of(user):
    return visible_contract_pks(user)


def _item_visible(user, prefix: str = "") -> Q:
    """Rows whose agenda item (reached through `prefix`) the user may see."""
    in_their_boards = Q(**{f"{prefix}meeting__board__members": user})
    about_their_contract = Q(**{f"{prefix}contract__isnull": True}) | Q(
        **{f"{prefix}contract__in": _contracts_of(user)}
    )
    return in_their_boards & about_their_contract


def _links_visible(user) -> Q:
    """Resolutions and actions whose KPI and IMT project (if any) the user may see."""
    contracts = _contracts_of(user)
    kpi = Q(kpi__isnull=True) | Q(kpi__contract__in=contracts)
    project = (
        Q(imt_project__isnull=True)
        | Q(imt_project__contract__isnull=True)
        | Q(imt_project__contract__in=contracts)
    )
    return kpi & project


class _ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_every_contract(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(self.visible_rows(user))

    def visible_rows(self, user) -> Q:
        raise NotImplementedError


class BoardQuerySet(_ScopedQuerySet):
    def visible_rows(self, user) -> Q:
        return Q(members=user)


class MeetingQuerySet(_ScopedQuerySet):
    def visible_rows(self, user) -> Q:
        return Q(board__members=user)


class AgendaItemQuerySet(_ScopedQuerySet):
    def visible_rows(self, user) -> Q:
        return _item_visible(user)


class ResolutionQuerySet(_ScopedQuerySet):
    def visible_rows(self, user) -> Q:
        return _item_visible(user, "agenda_item__") & _links_visible(user)


class ActionQuerySet(_ScopedQuerySet):
    def visible_rows(self, user) -> Q:
        return _item_visible(user, "agenda_item__") & _links_visible(user)

    def open(self):
        return self.filter(status__in=ActionStatus.outstanding())

    def for_contract(self, contract):
        return self.filter(agenda_item__contract=contract)
