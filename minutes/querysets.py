"""Who sees what in the minutes.

Meetings are public business: every signed-in user sees every meeting and its
non-exempt items. An item exempt under Schedule 12A of the Local Government Act 1972
(and its resolutions and actions) is seen only by that board's members, clerks and
administrators. An action about a contract is seen by that contract's members, clerks
and administrators; an action about no contract by everyone who sees its item.
"""

from django.db import models
from django.db.models import Q

from contracts.querysets import sees_every_contract

from .choices import ActionStatus


def _boards_of(user):
    from .models import Board

    return Board.objects.filter(members=user).values("pk")


def _item_visible(user, prefix: str = "") -> Q:
    """Rows whose agenda item (reached through `prefix`) the user may see."""
    return Q(**{f"{prefix}exempt": False}) | Q(**{f"{prefix}meeting__board__in": _boards_of(user)})


class BoardQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if sees_every_contract(user):
            return self
        return self.filter(_item_visible(user))


class ResolutionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if sees_every_contract(user):
            return self
        return self.filter(_item_visible(user, "agenda_item__"))


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if sees_every_contract(user):
            return self
        return self.filter(_item_visible(user, "agenda_item__")).filter(
            Q(agenda_item__contract__isnull=True) | Q(agenda_item__contract__memberships__user=user)
        )

    def open(self):
        return self.filter(status__in=ActionStatus.outstanding())

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)

    def for_contract(self, contract):
        return self.filter(agenda_item__contract=contract)
