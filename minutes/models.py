from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contracts.models import Contract
from core.colours import Colour
from core.concurrency import VersionedModel
from core.formatting import format_date

from .choices import (
    ACTION_STATUS_COLOURS,
    MEETING_STATUS_COLOURS,
    OVERDUE_COLOUR,
    ActionStatus,
    BoardKind,
    MeetingStatus,
)
from .querysets import (
    ActionQuerySet,
    AgendaItemQuerySet,
    BoardQuerySet,
    MeetingQuerySet,
    ResolutionQuerySet,
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Board(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="boards",
        help_text="Members see the board's exempt items.",
    )

    history = HistoricalRecords()
    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Meeting(VersionedModel):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    chair = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    members_present = models.TextField(blank=True, help_text="One name a line.")
    apologies = models.TextField(blank=True, help_text="One name a line.")
    officers_in_attendance = models.TextField(blank=True, help_text="One name a line.")
    declarations_of_interest = models.TextField(blank=True)
    confirmed_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmed_minutes",
        help_text="The later meeting that confirmed these minutes.",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time", "board__name"]

    def __str__(self):
        return f"{self.board} – {format_date(self.date)}"

    def get_absolute_url(self):
        return reverse("minutes:meeting_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.MINUTES_CONFIRMED

    @property
    def status_colour(self) -> Colour:
        return MEETING_STATUS_COLOURS[self.status]

    @property
    def lines_present(self) -> list[str]:
        return _lines(self.members_present)

    @property
    def lines_apologies(self) -> list[str]:
        return _lines(self.apologies)

    @property
    def lines_officers(self) -> list[str]:
        return _lines(self.officers_in_attendance)

    @property
    def can_be_confirmed(self) -> bool:
        return self.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT)


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    purpose = models.TextField(blank=True)
    report_by = models.CharField(
        max_length=200, blank=True, help_text="A role, for example Chief Commercial Officer."
    )
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    pages = models.CharField(
        max_length=40, blank=True, help_text="Pages in the agenda pack, for example 5–42."
    )
    minutes = models.TextField(
        blank=True,
        help_text="Leave a blank line between paragraphs; start a line with “- ” for a bullet.",
    )
    points = models.TextField("Points raised", blank=True, help_text="One point a line.")
    exempt = models.BooleanField(
        "Exempt under Schedule 12A",
        default=False,
        help_text="Exempt information (Local Government Act 1972, Schedule 12A): "
        "only the board's members, clerks and administrators see this item.",
    )

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_item_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.number}"

    @property
    def points_list(self) -> list[str]:
        return _lines(self.points)


def _link(model: str, related_name: str, verbose_name: str) -> models.ForeignKey:
    """The optional KPI or IMT project a resolution or an action concerns."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Resolution(VersionedModel):
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="resolutions"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="Begin with “That”, for example “That the report be noted”.")
    kpi = _link("kpis.KPI", "resolutions", "KPI")
    imt_project = _link("imt_projects.IMTProject", "resolutions", "IMT project")

    history = HistoricalRecords()
    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"], name="unique_resolution_number"
            ),
        ]

    def __str__(self):
        return f"({self.number}) {self.text}"


class Action(VersionedModel):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200, help_text="A person or a role.")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closing_note = models.TextField(blank=True)
    kpi = _link("kpis.KPI", "actions", "KPI")
    imt_project = _link("imt_projects.IMTProject", "actions", "IMT project")

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_outstanding(self) -> bool:
        return self.status in ActionStatus.outstanding()

    @property
    def status_colour(self) -> Colour:
        return ACTION_STATUS_COLOURS[self.status]

    def is_overdue(self, today) -> bool:
        return self.is_outstanding and self.due_date is not None and self.due_date < today

    def status_word(self, today) -> str:
        """The status as the action lists show it: “Overdue – open” once past due."""
        if self.is_overdue(today):
            return f"Overdue – {self.get_status_display().lower()}"
        return self.get_status_display()

    def colour(self, today) -> Colour:
        return OVERDUE_COLOUR if self.is_overdue(today) else self.status_colour
