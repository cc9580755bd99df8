from django.db import models


class ContractStatus(models.TextChoices):
    MOBILISATION = "mobilisation", "Mobilisation"
    LIVE = "live", "Live"
    EXIT = "exit", "Exit"
    ENDED = "ended", "Ended"

    @classmethod
    def auto_closing(cls):
        """Statuses in which months close automatically."""
        return [cls.MOBILISATION, cls.LIVE, cls.EXIT]


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    CONTRACT_MANAGER = "contract_manager", "Contract manager"
    BOARD_MEMBER = "board_member", "Board member"


ADMINISTRATORS_GROUP = "Administrators"
CLERKS_GROUP = "Clerks"

STATUS_TAG_CLASSES = {
    ContractStatus.MOBILISATION: "govuk-tag--blue",
    ContractStatus.LIVE: "govuk-tag--green",
    ContractStatus.EXIT: "govuk-tag--orange",
    ContractStatus.ENDED: "govuk-tag--grey",
}
