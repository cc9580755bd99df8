from django.db import models

from core.colours import Colour


class Stage(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline"
    INITIATION = "initiation", "Initiation"
    DESIGN = "design", "Design"
    BUILD = "build", "Build"
    TEST = "test", "Test"
    GO_LIVE = "go_live", "Go-live"
    CLOSED = "closed", "Closed"
    ON_HOLD = "on_hold", "On hold"
    CANCELLED = "cancelled", "Cancelled"


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class BenefitStatus(models.TextChoices):
    EXPECTED = "expected", "Expected"
    ON_TRACK = "on_track", "On track"
    REALISED = "realised", "Realised"
    NOT_REALISED = "not_realised", "Not realised"


# One place maps each choice to its colour (core/colours.py derives tag class and chart
# colour); the word is always shown with the colour.
STAGE_COLOURS = {
    Stage.PIPELINE: Colour.GREY,
    Stage.INITIATION: Colour.LIGHT_BLUE,
    Stage.DESIGN: Colour.LIGHT_BLUE,
    Stage.BUILD: Colour.BLUE,
    Stage.TEST: Colour.PURPLE,
    Stage.GO_LIVE: Colour.TURQUOISE,
    Stage.CLOSED: Colour.GREEN,
    Stage.ON_HOLD: Colour.ORANGE,
    Stage.CANCELLED: Colour.GREY,
}

RAG_COLOURS = {
    RAG.RED: Colour.RED,
    RAG.AMBER: Colour.YELLOW,
    RAG.GREEN: Colour.GREEN,
}

BENEFIT_STATUS_COLOURS = {
    BenefitStatus.EXPECTED: Colour.GREY,
    BenefitStatus.ON_TRACK: Colour.BLUE,
    BenefitStatus.REALISED: Colour.GREEN,
    BenefitStatus.NOT_REALISED: Colour.RED,
}

TOP_PRIORITIES = 20
