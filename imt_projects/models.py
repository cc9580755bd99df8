from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contracts.models import Contract
from core.colours import Colour
from core.concurrency import VersionedModel
from core.periods import Month

from .choices import (
    BENEFIT_STATUS_COLOURS,
    RAG,
    RAG_COLOURS,
    STAGE_COLOURS,
    TOP_PRIORITIES,
    BenefitStatus,
    Stage,
)
from .querysets import BenefitQuerySet, ProjectQuerySet, RevisionQuerySet


def slippage_days(earlier: date, later: date) -> int:
    """Days a go-live date moved: positive when later, negative when brought forward."""
    return (later - earlier).days


class IMTProject(VersionedModel):
    number = models.PositiveIntegerField(unique=True, help_text="For example, 277.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imt_projects",
        help_text="Empty for council-wide work outside any contract.",
    )
    sponsor = models.CharField(max_length=200, blank=True)
    priority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(TOP_PRIORITIES)],
        help_text="Rank 1–20 in the top-20 priority list; empty when not in it.",
    )
    baseline_go_live = models.DateField("baseline go-live date")
    target_go_live = models.DateField(
        "target go-live date", help_text="Changed only by recording a revision with a reason."
    )
    third_party_dependency = models.CharField(
        max_length=300, blank=True, help_text="For example, “Subject to third-party availability”."
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "IMT project"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority"],
                condition=models.Q(priority__isnull=False),
                name="unique_imt_priority",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__isnull=True)
                | models.Q(priority__gte=1, priority__lte=TOP_PRIORITIES),
                name="imt_priority_in_top_20",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("imt_projects:detail", kwargs={"number": self.number})

    @property
    def slippage_days(self) -> int:
        return slippage_days(self.baseline_go_live, self.target_go_live)

    # Read from `with_latest_update()`; a project with no update has no stage or RAG yet.
    @property
    def stage_label(self) -> str:
        stage = getattr(self, "latest_stage", None)
        return Stage(stage).label if stage else ""

    @property
    def stage_colour(self) -> Colour | None:
        stage = getattr(self, "latest_stage", None)
        return STAGE_COLOURS[stage] if stage else None

    @property
    def rag_label(self) -> str:
        rag = getattr(self, "latest_rag", None)
        return RAG(rag).label if rag else ""

    @property
    def rag_colour(self) -> Colour | None:
        rag = getattr(self, "latest_rag", None)
        return RAG_COLOURS[rag] if rag else None

    @property
    def latest_update_label(self) -> str:
        month = getattr(self, "latest_update_month", None)
        return Month.from_date(month).label if month else ""


class GoLiveRevision(models.Model):
    project = models.ForeignKey(IMTProject, on_delete=models.CASCADE, related_name="revisions")
    previous_date = models.DateField("previous go-live date")
    new_date = models.DateField("new go-live date")
    reason = models.TextField()
    reported_to = models.CharField(
        "where it was reported",
        max_length=200,
        blank=True,
        help_text="In words, for example “Partnership Board, September 2018”.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = RevisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.project.number}: {self.previous_date} → {self.new_date}"

    @property
    def slippage_days(self) -> int:
        return slippage_days(self.previous_date, self.new_date)


class ProjectUpdate(models.Model):
    project = models.ForeignKey(IMTProject, on_delete=models.CASCADE, related_name="updates")
    month = models.DateField(help_text="First day of the month the update is for.")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    rag = models.CharField("RAG", max_length=5, choices=RAG.choices)
    rag_reason = models.TextField(
        "reason for the RAG", blank=True, help_text="Required when the RAG changes."
    )
    narrative = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="one_imt_update_per_month"),
        ]

    def __str__(self):
        return f"{self.project.number} {self.month_label}"

    @property
    def month_label(self) -> str:
        return Month.from_date(self.month).label

    @property
    def stage_colour(self) -> Colour:
        return STAGE_COLOURS[self.stage]

    @property
    def rag_colour(self) -> Colour:
        return RAG_COLOURS[self.rag]


class Benefit(VersionedModel):
    project = models.ForeignKey(IMTProject, on_delete=models.CASCADE, related_name="benefits")
    description = models.TextField()
    measure = models.CharField(max_length=200, help_text="How it is measured.")
    baseline = models.CharField(max_length=100, blank=True, help_text="Before the project.")
    target = models.CharField("expected", max_length=100, help_text="What is expected.")
    realised = models.CharField(max_length=100, blank=True, help_text="What was achieved.")
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=BenefitStatus.choices, default=BenefitStatus.EXPECTED
    )

    objects = BenefitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_date", "pk"]

    def __str__(self):
        return self.description[:60]

    @property
    def status_colour(self) -> Colour:
        return BENEFIT_STATUS_COLOURS[self.status]
