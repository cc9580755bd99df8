from django.db import models


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


MEETING_TAG_CLASSES = {
    MeetingStatus.SCHEDULED: "govuk-tag--blue",
    MeetingStatus.HELD: "govuk-tag--turquoise",
    MeetingStatus.CANCELLED: "govuk-tag--grey",
    MeetingStatus.POSTPONED: "govuk-tag--orange",
    MeetingStatus.MINUTES_DRAFT: "govuk-tag--yellow",
    MeetingStatus.MINUTES_CONFIRMED: "govuk-tag--green",
}

ACTION_TAG_CLASSES = {
    ActionStatus.OPEN: "govuk-tag--blue",
    ActionStatus.IN_PROGRESS: "govuk-tag--yellow",
    ActionStatus.DONE: "govuk-tag--green",
    ActionStatus.DROPPED: "govuk-tag--grey",
}
OVERDUE_TAG_CLASS = "govuk-tag--red"
