from django.db import models

from core.colours import Colour


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

# One place maps each choice to its colour (core/colours.py derives tag class and chart
# colour); the word is always shown with the colour.
STATUS_COLOURS = {
    ContractStatus.MOBILISATION: Colour.BLUE,
    ContractStatus.LIVE: Colour.GREEN,
    ContractStatus.EXIT: Colour.ORANGE,
    ContractStatus.ENDED: Colour.GREY,
}
