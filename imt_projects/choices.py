from django.db import models


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


# One place maps each choice to its GOV.UK tag; the word is always shown with the colour.
STAGE_TAG_CLASSES = {
    Stage.PIPELINE: "govuk-tag--grey",
    Stage.INITIATION: "govuk-tag--light-blue",
    Stage.DESIGN: "govuk-tag--light-blue",
    Stage.BUILD: "govuk-tag--blue",
    Stage.TEST: "govuk-tag--purple",
    Stage.GO_LIVE: "govuk-tag--turquoise",
    Stage.CLOSED: "govuk-tag--green",
    Stage.ON_HOLD: "govuk-tag--orange",
    Stage.CANCELLED: "govuk-tag--grey",
}

RAG_TAG_CLASSES = {
    RAG.RED: "govuk-tag--red",
    RAG.AMBER: "govuk-tag--yellow",
    RAG.GREEN: "govuk-tag--green",
}

BENEFIT_STATUS_TAG_CLASSES = {
    BenefitStatus.EXPECTED: "govuk-tag--grey",
    BenefitStatus.ON_TRACK: "govuk-tag--blue",
    BenefitStatus.REALISED: "govuk-tag--green",
    BenefitStatus.NOT_REALISED: "govuk-tag--red",
}

TOP_PRIORITIES = 20
