from django.db import models

from contracts.choices import Role
from contracts.models import ContractMembership
from contracts.permissions import is_administrator, is_clerk

from .choices import ApprovalStatus


class NoticeRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Administrators see every record; a contract's managers all of its records; its
        board members (and clerks, for any contract) the approved ones; officers and
        non-members none."""
        if is_administrator(user):
            return self
        if not user.is_authenticated:
            return self.none()
        mine = ContractMembership.objects.filter(user=user)
        managed = models.Q(contract__in=mine.filter(role=Role.CONTRACT_MANAGER).values("contract"))
        approved = models.Q(status=ApprovalStatus.APPROVED)
        if is_clerk(user):
            return self.filter(managed | approved)
        read = mine.filter(role=Role.BOARD_MEMBER).values("contract")
        return self.filter(managed | (approved & models.Q(contract__in=read)))

    def for_contract(self, contract):
        return self.filter(contract=contract)

    def approved(self):
        return self.filter(status=ApprovalStatus.APPROVED)
