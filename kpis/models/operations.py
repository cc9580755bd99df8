"""The work around the figures, rather than the figures: recompute runs and requests,
reminders sent, and uploaded spreadsheets with their checks' outcome."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from contracts.models import Contract
from core.colours import Colour
from core.formatting import format_date
from core.periods import Month

from ..choices import UPLOAD_STATE_COLOURS, RowAction, RunOutcome, UploadKind, UploadState


class RecomputeRun(models.Model):
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="recompute_runs"
    )
    period = models.DateField(null=True, blank=True, help_text="From this month on; empty: all.")
    kpi_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many KPIs it recomputed; empty: all."
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_changed = models.PositiveIntegerField(default=0)
    outcome = models.CharField(
        max_length=10, choices=RunOutcome.choices, default=RunOutcome.RUNNING
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        started = format_date(self.started_at, "short_time")
        return f"Recompute {self.contract_id or 'all'}, {started}"


class RecomputeRequest(models.Model):
    """The outbox: "this contract needs recomputing from this month", written in the
    same transaction as the change, so a recompute is never lost when the broker is
    down or a worker dies. One row per contract while pending; `token` changes with
    every new request, so a recompute removes only the request it saw. Unless
    `all_kpis`, only the KPIs listed in `kpis` (RecomputeRequestKPI) need it."""

    contract = models.OneToOneField(
        Contract, on_delete=models.CASCADE, related_name="recompute_request"
    )
    period = models.DateField(null=True, blank=True, help_text="From this month on; empty: all.")
    token = models.PositiveBigIntegerField(default=1)
    requested_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest request was handed to the broker."
    )
    all_kpis = models.BooleanField(
        default=True, help_text="Every KPI of the contract; otherwise only those listed."
    )

    def __str__(self):
        return f"Recompute {self.contract_id} from {self.period or 'the start'}"


class RecomputeRequestKPI(models.Model):
    """A KPI a pending request covers: the set grows with each request merged in."""

    request = models.ForeignKey(RecomputeRequest, on_delete=models.CASCADE, related_name="kpis")
    kpi = models.ForeignKey("kpis.KPI", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "kpi"], name="one_row_per_requested_kpi"),
        ]

    def __str__(self):
        return f"{self.request} for KPI {self.kpi_id}"


class ReminderKind(models.TextChoices):
    RETURN_DUE = "return_due", "Return due soon"
    RETURNS_MISSING = "returns_missing", "Returns missing at close"


class ReminderLog(models.Model):
    """One e-mail sent about one contract's month to one person. The unique constraint
    is what stops a rerun or a redelivered task from sending it twice."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    period = models.DateField(help_text="First day of the month the e-mail is about.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "contract", "period", "recipient"], name="one_reminder_each"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period:%Y-%m} to {self.recipient_id}"

    @property
    def month(self) -> Month:
        return Month.from_date(self.period)


class Upload(models.Model):
    """A spreadsheet someone uploaded: the file itself (kept in the database, so any
    web process or worker can read it), its checks' progress and outcome. The audit of
    who imported what, shown on the return page."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="uploads")
    period = models.DateField(null=True, blank=True, help_text="First day of the month.")
    kind = models.CharField(max_length=10, choices=UploadKind.choices, default=UploadKind.RETURNS)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    state = models.CharField(
        max_length=10, choices=UploadState.choices, default=UploadState.VALIDATING
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, help_text="Rows by outcome.")
    rows = models.JSONField(default=list, help_text="Each row's outcome and errors.")
    error = models.TextField(blank=True, help_text="Why the whole file was refused.")
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When its checks or import were handed to the broker."
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"Upload #{self.pk} {self.filename}"

    def get_absolute_url(self):
        return reverse("kpis:upload", args=[self.contract.reference, self.pk])

    @property
    def month(self) -> Month | None:
        return Month.from_date(self.period) if self.period else None

    @property
    def state_colour(self) -> Colour:
        return UPLOAD_STATE_COLOURS[self.state]

    @property
    def source(self) -> str:
        """How a figure's history names this upload."""
        return f"Upload #{self.pk} {self.filename} (sha256 {self.sha256[:12]}…)"[:300]

    @property
    def is_busy(self) -> bool:
        return self.state in (UploadState.VALIDATING, UploadState.COMMITTING)

    @property
    def is_waiting_for_queue(self) -> bool:
        """Busy, but its task could not be handed to the broker (yet)."""
        return self.is_busy and self.queued_at is None

    @property
    def is_kpis(self) -> bool:
        return self.kind == UploadKind.KPIS

    @property
    def is_importing(self) -> bool:
        return self.state == UploadState.COMMITTING

    @property
    def is_committed(self) -> bool:
        return self.state == UploadState.COMMITTED

    @property
    def is_refused(self) -> bool:
        return self.state == UploadState.REFUSED

    @property
    def changes_something(self) -> bool:
        """Its checked rows would create or change something."""
        return bool(self.counts.get(RowAction.CREATE) or self.counts.get(RowAction.UPDATE))

    @property
    def changes_nothing(self) -> bool:
        """Checked, and every row is already saved as it is."""
        return self.state == UploadState.READY and not self.changes_something

    @property
    def may_be_committed(self) -> bool:
        """The preview allows importing it (who may: `kpis.permissions.may_commit`)."""
        return self.state == UploadState.READY and self.changes_something
