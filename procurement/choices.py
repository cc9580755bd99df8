"""Choices of the Procurement Act records: ratings (their values are the OCDS ids), the
approval workflow's states, breach kinds and penalty types, identifier schemes."""

from django.db import models

from core.colours import Colour


class Rating(models.TextChoices):
    """Reg. 39(5)'s five ratings. The values are the UK extension's `measureClassification`
    ids, so an export writes them as they are; the labels are the law's names."""

    MET = "met", "Good"
    SLIGHTLY_BELOW = "slightlyBelow", "Approaching target"
    BELOW = "below", "Requires improvement"
    SIGNIFICANTLY_BELOW = "significantlyBelow", "Inadequate"
    OTHER = "other", "Other"

    @property
    def description(self) -> str:
        """The law's words for the rating (the observation's `description`)."""
        return RATING_DESCRIPTIONS[self]


RATING_DESCRIPTIONS = {
    Rating.MET: "meeting or exceeding the KPI",
    Rating.SLIGHTLY_BELOW: "close to meeting the KPI",
    Rating.BELOW: "below the KPI",
    Rating.SIGNIFICANTLY_BELOW: "significantly below the KPI",
    Rating.OTHER: "other",
}


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


class BreachKind(models.TextChoices):
    BREACH = "breach", "Breach of contract"
    FAILURE_TO_IMPROVE = "failure_to_improve", "Failure to improve after notice"


class PenaltyType(models.TextChoices):
    """OCDS UK extension `penaltyType`; blank: no damages, settlement or penalty."""

    CONTRACTED = "contracted", "Damages set by the contract"
    IMPOSED = "imposed", "Penalty imposed"
    NEGOTIATED = "negotiated", "Settlement negotiated"


class IdentifierScheme(models.TextChoices):
    """org-id.guide list codes the central digital platform accepts for UK bodies."""

    PPON = "GB-PPON", "Public Procurement Organisation Number (GB-PPON)"
    COMPANIES_HOUSE = "GB-COH", "Companies House (GB-COH)"
    CHARITY_COMMISSION = "GB-CHC", "Charity Commission for England and Wales (GB-CHC)"
    LOCAL_AUTHORITY_ENGLAND = "GB-LAE", "Local authority in England (GB-LAE)"
    LOCAL_AUTHORITY_WALES = "GB-LAW", "Local authority in Wales (GB-LAW)"
    LEARNING_PROVIDER = "GB-UKPRN", "UK Register of Learning Providers (GB-UKPRN)"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Assessment due soon"
    OVERDUE = "overdue", "Assessment overdue"


# One place maps each choice to its colour (core/colours.py derives tag class and chart
# colour); the word is always shown with the colour.
APPROVAL_STATUS_COLOURS = {
    ApprovalStatus.DRAFT: Colour.GREY,
    ApprovalStatus.SUBMITTED: Colour.LIGHT_BLUE,
    ApprovalStatus.APPROVED: Colour.GREEN,
}

RATING_COLOURS = {
    Rating.MET: Colour.GREEN,
    Rating.SLIGHTLY_BELOW: Colour.YELLOW,
    Rating.BELOW: Colour.ORANGE,
    Rating.SIGNIFICANTLY_BELOW: Colour.RED,
    Rating.OTHER: Colour.GREY,
}
