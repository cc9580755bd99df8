"""The KPI catalogue and its figures: KPIs, target versions, monthly figures, mitigations,
and what the recompute derives from them (month statuses, period summaries)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contracts.models import Contract, ServiceArea
from core.colours import Colour
from core.concurrency import VersionedModel
from core.periods import Month

from ..choices import (
    FIGURE_STATE_COLOURS,
    STATUS_COLOURS,
    FigureState,
    Frequency,
    Polarity,
    Status,
    Unit,
    status_label,
)
from ..codes import CODE_MAX_LENGTH, validate_kpi_code
from ..querysets import (
    FigureQuerySet,
    KPIQuerySet,
    MitigationQuerySet,
    MonthStatusQuerySet,
)
from ..rag import is_due
from ..values import VALUE_DIGITS

PERCENT_RANGE = (Decimal(0), Decimal(100))


class KPI(VersionedModel):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="kpis")
    code = models.CharField(
        max_length=CODE_MAX_LENGTH,
        validators=[validate_kpi_code],
        help_text="Unique in the contract, e.g. CSC_KPI_04.",
    )
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=6, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    contractual = models.BooleanField(
        default=True,
        help_text="Counts towards “% achieved”; otherwise a performance indicator.",
    )
    min_value = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="Lowest value allowed (percent: 0 unless set).",
    )
    max_value = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="Highest value allowed (percent: 100 unless set).",
    )
    published = models.BooleanField(
        "Key performance indicator under s.52",
        default=False,
        help_text="Set under the Procurement Act 2023 s.52: published and assessed in notices.",
    )
    decimal_places = models.PositiveSmallIntegerField(
        default=2, help_text="Decimal places shown (values are kept as entered)."
    )
    live_from = models.DateField(help_text="First day of the first month the KPI is live.")
    retired_from = models.DateField(
        null=True, blank=True, help_text="First day of the first month it is no longer live."
    )

    objects = KPIQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "KPI"
        ordering = ["contract", "service_area__sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="unique_kpi_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("kpis:detail", args=[self.contract.reference, self.code])

    @property
    def live_month(self) -> Month:
        return Month.from_date(self.live_from)

    @property
    def retired_month(self) -> Month | None:
        return Month.from_date(self.retired_from) if self.retired_from else None

    @property
    def is_yes_no(self) -> bool:
        return self.unit == Unit.YES_NO

    def allowed_range(self) -> tuple[Decimal | None, Decimal | None]:
        low, high = self.min_value, self.max_value
        if self.unit == Unit.PERCENT:
            low = PERCENT_RANGE[0] if low is None else low
            high = PERCENT_RANGE[1] if high is None else high
        return low, high

    def is_due(self, month: Month) -> bool:
        return is_due(
            month=month,
            live_from=self.live_month,
            retired_from=self.retired_month,
            frequency=self.frequency,
        )


class KPITarget(models.Model):
    """A version of a KPI's Target and Minimum Service Levels, in force from a month.

    Versions are immutable: a change is a new version."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="targets")
    effective_from = models.DateField(help_text="First day of the month it takes effect.")
    target = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="Target Service Level. Empty: no target (recorded, not judged).",
    )
    minimum = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="Minimum Service Level, on the worse side of the target.",
    )
    variation_reference = models.CharField(
        max_length=100,
        blank=True,
        help_text="Contract variation that allows a change in a closed month.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "effective_from"], name="unique_target_version"),
        ]

    def __str__(self):
        return f"{self.kpi.code} from {self.effective_month}: {self.target} / {self.minimum}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Target versions are immutable: add a new version instead.")
        super().save(*args, **kwargs)

    @property
    def effective_month(self) -> Month:
        return Month.from_date(self.effective_from)


class KPIFigure(models.Model):
    """What people entered for one KPI and month. Human data: audited, never derived."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="figures")
    period = models.DateField(help_text="First day of the month.")
    value = models.DecimalField(**VALUE_DIGITS)
    numerator = models.DecimalField(**VALUE_DIGITS, null=True, blank=True)
    denominator = models.DecimalField(**VALUE_DIGITS, null=True, blank=True)
    commentary = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=FigureState.choices, default=FigureState.DRAFT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(null=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_comment = models.TextField(
        blank=True, help_text="Why a contract manager returned it to draft."
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why an approved figure was corrected (kept in its history)."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it came from: the form or an upload."
    )
    version = models.PositiveIntegerField(default=1, help_text="For optimistic locking.")

    objects = FigureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="one_figure_per_kpi_month"),
        ]
        indexes = [models.Index(fields=["state", "period"])]

    def __str__(self):
        return f"{self.kpi.code} {self.month}: {self.value}"

    @property
    def month(self) -> Month:
        return Month.from_date(self.period)

    @property
    def state_colour(self) -> Colour:
        return FIGURE_STATE_COLOURS[self.state]

    @property
    def is_submitted(self) -> bool:
        return self.state == FigureState.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.state == FigureState.APPROVED


class Mitigation(VersionedModel):
    """Agreed relief: a KPI's amber, red or missing months from `start` to `end`
    (inclusive; no end: until ended) are shown "in mitigation"."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="mitigations")
    start = models.DateField(help_text="First day of the first month covered.")
    end = models.DateField(
        null=True, blank=True, help_text="First day of the last month covered; empty: ongoing."
    )
    reason = models.TextField()
    agreed_by = models.CharField(max_length=200, help_text="Who agreed it, e.g. Partnership Board.")
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = MitigationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="mitigation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.kpi.code} mitigation from {self.start_month}"

    @property
    def start_month(self) -> Month:
        return Month.from_date(self.start)

    @property
    def end_month(self) -> Month | None:
        return Month.from_date(self.end) if self.end else None

    def covers(self, month: Month) -> bool:
        return self.start_month <= month and (self.end is None or month <= self.end_month)


class KPIMonthStatus(models.Model):
    """Derived: one per KPI per due month, rebuilt by `recompute_statuses` only."""

    # No index of its own: the one on (contract, period) serves every lookup by contract,
    # and with two to choose from the planner took this one for a month's rows while a
    # contract's statistics were stale, reading every row of the contract.
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="month_statuses")
    period = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices)
    underlying_status = models.CharField(max_length=10, choices=Status.choices)
    target = models.DecimalField(**VALUE_DIGITS, null=True)
    minimum = models.DecimalField(**VALUE_DIGITS, null=True)
    value = models.DecimalField(**VALUE_DIGITS, null=True)
    figure = models.ForeignKey(KPIFigure, null=True, on_delete=models.SET_NULL, related_name="+")
    mitigation = models.ForeignKey(
        Mitigation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    persistent_failure = models.BooleanField(default=False)

    objects = MonthStatusQuerySet.as_manager()

    class Meta:
        verbose_name = "KPI month status"
        verbose_name_plural = "KPI month statuses"
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="one_status_per_kpi_month"),
        ]
        indexes = [models.Index(fields=["contract", "period"])]

    def __str__(self):
        return f"{self.kpi_id} {self.period:%Y-%m}: {self.status}"

    @property
    def month(self) -> Month:
        return Month.from_date(self.period)

    @property
    def colour(self) -> Colour:
        return STATUS_COLOURS[self.status]

    @property
    def label(self) -> str:
        return status_label(self.status, self.underlying_status)


class ContractPeriodSummary(models.Model):
    """Derived: per contract and month, counts of each status of contractual KPIs."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="summaries")
    period = models.DateField()
    green = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    mitigated = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    awaiting = models.PositiveIntegerField(default=0)
    no_target = models.PositiveIntegerField(default=0)
    persistent_failures = models.PositiveIntegerField(default=0)
    measured = models.PositiveIntegerField(default=0)
    achieved_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    class Meta:
        ordering = ["contract", "period"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period"], name="one_summary_per_month"),
        ]

    def __str__(self):
        return f"{self.contract_id} {self.period:%Y-%m}"

    @property
    def month(self) -> Month:
        return Month.from_date(self.period)
