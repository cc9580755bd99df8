from django.db import models

from core.colours import Colour


class BoardKind(models.TextChoices):
    SCRUTINY = "scrutiny", "Scrutiny"
    PARTNERSHIP = "partnership", "Partnership"
    SERVICE_REVIEW = "service_review", "Service review"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"
    MINUTES_DRAFT = "minutes_draft", "Minutes draft"
    MINUTES_CONFIRMED = "minutes_confirmed", "Minutes confirmed"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"

    @classmethod
    def outstanding(cls):
        return [cls.OPEN, cls.IN_PROGRESS]


# One place maps each choice to its colour (core/colours.py derives tag class and chart
# colour); the word is always shown with the colour.
MEETING_STATUS_COLOURS = {
    MeetingStatus.SCHEDULED: Colour.BLUE,
    MeetingStatus.HELD: Colour.TURQUOISE,
    MeetingStatus.CANCELLED: Colour.GREY,
    MeetingStatus.POSTPONED: Colour.ORANGE,
    MeetingStatus.MINUTES_DRAFT: Colour.YELLOW,
    MeetingStatus.MINUTES_CONFIRMED: Colour.GREEN,
}

ACTION_STATUS_COLOURS = {
    ActionStatus.OPEN: Colour.BLUE,
    ActionStatus.IN_PROGRESS: Colour.YELLOW,
    ActionStatus.DONE: Colour.GREEN,
    ActionStatus.DROPPED: Colour.GREY,
}
OVERDUE_COLOUR = Colour.RED
