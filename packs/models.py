"""Reports, supporting documents and agenda packs (docs/domain.md, "Board packs").

A report belongs to an agenda item. A pack is built from a meeting's items in order;
a build (preview or publication) runs as a task and reports its progress. A published
version is a record that never changes: its files are stored with their SHA-256, and a
snapshot of every figure and status the pack shows lets later corrections be listed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.colours import Colour
from core.concurrency import VersionedModel
from core.periods import clear_working_days_between
from minutes.models import AgendaItem, Meeting

from .choices import BUILD_STATUS_COLOURS, BuildPurpose, BuildStatus, ReportKind
from .querysets import PackVersionQuerySet, PublishedPackIsFrozen

# A pack must be open to inspection five clear days before the meeting (s.100B(3)).
CLEAR_DAYS_BEFORE_MEETING = 5


class Report(VersionedModel):
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="report")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    title = models.CharField(max_length=300)
    officer = models.CharField(
        max_length=200,
        help_text="The report's officer, a role: for example Chief Commercial Officer.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pack_reports"
    )
    purpose = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation a line.")
    # SectionKind values, in the order the report shows them.
    sections = models.JSONField(default=list, blank=True)
    range_start = models.DateField(help_text="First month the generated sections cover.")
    range_end = models.DateField(help_text="Last month the generated sections cover.")

    history = HistoricalRecords()

    def __str__(self):
        return self.title


class NarrativeSection(VersionedModel):
    """A section the author writes: a heading and its text, in order."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narrative")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    text = models.TextField(
        help_text="Leave a blank line between paragraphs; start a line with “- ” for a bullet."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="unique_narrative_position")
        ]

    def __str__(self):
        return self.heading


class SupportingDocument(models.Model):
    """A PDF uploaded to an agenda item, merged into the pack after the item's report."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="packs/documents/%Y/%m/")
    page_count = models.PositiveIntegerField()
    size = models.PositiveIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda_item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="unique_document_position"
            )
        ]

    def __str__(self):
        return self.title


class PackBuild(models.Model):
    """One run of the pack builder, for a preview or a publication, with its progress."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_builds")
    purpose = models.CharField(max_length=20, choices=BuildPurpose.choices)
    status = models.CharField(
        max_length=20, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # A preview's files; a publication stores its files on the PackVersion instead.
    pdf = models.FileField(upload_to="packs/previews/", blank=True)
    exempt_pdf = models.FileField(upload_to="packs/previews/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    version = models.OneToOneField(
        "PackVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="build"
    )

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.get_purpose_display()} of the pack for {self.meeting}"

    @property
    def status_colour(self) -> Colour:
        return BUILD_STATUS_COLOURS[self.status]

    @property
    def is_busy(self) -> bool:
        return self.status in (BuildStatus.QUEUED, BuildStatus.RUNNING)


class PackVersion(models.Model):
    """A published agenda pack: written once, never changed (see `save`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="pack_versions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField(upload_to="packs/published/")
    html = models.FileField(upload_to="packs/published/")
    page_count = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    html_sha256 = models.CharField(max_length=64)
    exempt_pdf = models.FileField(upload_to="packs/published/", blank=True)
    exempt_page_count = models.PositiveIntegerField(null=True, blank=True)
    exempt_sha256 = models.CharField(max_length=64, blank=True)
    # Every figure, status, target, mitigation and project the pack shows, by fact key.
    snapshot = models.JSONField(default=dict)
    # The corrections listed on a supplement's first page (empty for version 1).
    corrections = models.JSONField(default=list, blank=True)

    objects = PackVersionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_pack_version")
        ]

    def __str__(self):
        return f"Agenda pack for {self.meeting}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedPackIsFrozen(f"{self} is published: it can never be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedPackIsFrozen(f"{self} is published: it can never be deleted.")

    @property
    def is_supplement(self) -> bool:
        return self.number > 1

    @property
    def title(self) -> str:
        return "Supplementary agenda pack" if self.is_supplement else "Agenda pack"

    @property
    def published_on(self):
        return timezone.localdate(self.published_at)

    @property
    def clear_days_before_meeting(self) -> int:
        return clear_working_days_between(self.published_on, self.meeting.date)

    @property
    def is_late(self) -> bool:
        """Published fewer than five clear working days before the meeting (Local
        Government Act 1972, s.100B)."""
        return self.clear_days_before_meeting < CLEAR_DAYS_BEFORE_MEETING
