"""Procurement Act 2023 records (docs/procurement-act.md): the parties and contract
details a notice names, the KPI assessments (s.71(2), UK9 notices) with one rating per
published KPI, breach notices (s.71(4)–(5)), and the reminders sent before an assessment
is due.

Assessments and breach notices are approved by a second person; once approved they never
change, except for the platform's notice identifier and publication date, recorded after
the authority publishes the notice. The models refuse any other change (the services
check first and say why; this is the backstop)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contracts.models import Contract, Supplier
from core.colours import Colour
from core.concurrency import VersionedModel
from core.periods import Month
from kpis.models import KPI
from minutes.models import Action, Resolution

from .choices import (
    APPROVAL_STATUS_COLOURS,
    RATING_COLOURS,
    ApprovalStatus,
    BreachKind,
    IdentifierScheme,
    PenaltyType,
    Rating,
    ReminderKind,
)
from .identifiers import clean_identifier, normalise_postcode, validate_ocid
from .querysets import NoticeRecordQuerySet

MONEY_DIGITS = {"max_digits": 14, "decimal_places": 2}
# What may still be recorded on an approved notice: where and when it was published.
PUBLICATION_FIELDS = frozenset({"notice_id", "notice_published_on", "version"})


class ApprovedRecordError(ValidationError):
    """An attempt to change an approved assessment or breach notice."""


class Party(VersionedModel):
    """An organisation a notice names: the authority (buyer) or a supplier."""

    legal_name = models.CharField(max_length=300)
    identifier_scheme = models.CharField(
        max_length=10, choices=IdentifierScheme.choices, default=IdentifierScheme.PPON
    )
    identifier_id = models.CharField(
        "Identifier", max_length=40, help_text="The organisation's number in the scheme."
    )
    street_address = models.CharField(max_length=300)
    locality = models.CharField("Town or city", max_length=100)
    # Checked and normalised ("sw1a1aa" → "SW1A 1AA") once, in clean().
    postal_code = models.CharField("Postcode", max_length=8)
    country_name = models.CharField("Country", max_length=100, default="United Kingdom")
    email = models.EmailField("Contact e-mail")
    supplier = models.OneToOneField(
        Supplier,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party",
        help_text="The supplier this organisation is, when it is one.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "parties"
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_scheme", "identifier_id"], name="unique_party_identifier"
            ),
        ]

    def __str__(self):
        return self.legal_name

    def clean(self):
        super().clean()
        errors = {}
        if self.identifier_scheme and self.identifier_id:
            try:
                self.identifier_id = clean_identifier(self.identifier_scheme, self.identifier_id)
            except ValidationError as error:
                errors["identifier_id"] = error
        if self.postal_code:
            try:
                self.postal_code = normalise_postcode(self.postal_code)
            except ValidationError as error:
                errors["postal_code"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def ocds_id(self) -> str:
        """The party's id in a release: its identifier, scheme first (GB-COH-01234567)."""
        return f"{self.identifier_scheme}-{self.identifier_id}"


class ContractDetails(VersionedModel):
    """What a notice says about the contract beyond what Oversight already holds."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="procurement")
    value = models.DecimalField(
        **MONEY_DIGITS, help_text="The contract's value in pounds, including VAT."
    )
    above_threshold = models.BooleanField(
        default=True, help_text="The contract was procured above the threshold amount."
    )
    ocid = models.CharField(
        "OCID",
        max_length=100,
        validators=[validate_ocid],
        help_text="The procurement's identifier on the central digital platform.",
    )
    contract_notice_id = models.CharField(
        "Contract details notice identifier",
        max_length=100,
        blank=True,
        help_text="The identifier the platform gave the contract details notice.",
    )
    procurement_title = models.CharField(max_length=300)
    buyer = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="contracts_bought", verbose_name="Authority"
    )
    contract_identifier = models.CharField(
        "Contract identifier",
        max_length=100,
        help_text="The contract's unique identifier in notices; usually its reference.",
    )
    no_metrics_rationale = models.TextField(
        "Why fewer than three KPIs",
        blank=True,
        help_text="Only when performance cannot appropriately be assessed by three KPIs (s.52(3)).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contract details"
        verbose_name_plural = "contract details"

    def __str__(self):
        return f"Procurement details of {self.contract.reference}"


class ApprovedRecord(VersionedModel):
    """A notice's record: drafted and submitted by one person, approved by another, then
    unchangeable but for where and when the platform published it."""

    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    notice_id = models.CharField(
        "Notice identifier",
        max_length=100,
        blank=True,
        help_text="The identifier the platform gave the published notice.",
    )
    notice_published_on = models.DateField("Date published", null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self._stored_status() == ApprovalStatus.APPROVED:
            changed = kwargs.get("update_fields")
            if changed is None or not set(changed) <= PUBLICATION_FIELDS:
                raise ApprovedRecordError(
                    f"This {self._meta.verbose_name} is approved and can no longer change."
                )
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == ApprovalStatus.APPROVED:
            raise ApprovedRecordError(
                f"This {self._meta.verbose_name} is approved and cannot be deleted."
            )
        return super().delete(*args, **kwargs)

    def _stored_status(self) -> str | None:
        stored = type(self)._base_manager.filter(pk=self.pk)
        return stored.values_list("status", flat=True).first()

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED

    @property
    def status_colour(self) -> Colour:
        return APPROVAL_STATUS_COLOURS[self.status]


class Assessment(ApprovedRecord):
    """An assessment of the supplier against the contract's published KPIs over a period
    of whole months: the content of one contract performance notice (UK9)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="assessments")
    period_start = models.DateField(help_text="First day of the first month assessed.")
    period_end = models.DateField(help_text="First day of the last month assessed.")
    final = models.BooleanField(
        "Final assessment", default=False, help_text="The assessment made when the contract ends."
    )
    notes = models.TextField(blank=True)

    objects = NoticeRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="assessment_period_in_order",
            ),
        ]

    def __str__(self):
        return f"Assessment of {self.contract.reference}, {self.period_label}"

    def get_absolute_url(self):
        return reverse("procurement:detail", args=[self.contract.reference, self.pk])

    @property
    def start_month(self) -> Month:
        return Month.from_date(self.period_start)

    @property
    def end_month(self) -> Month:
        return Month.from_date(self.period_end)

    @property
    def period_label(self) -> str:
        """“October 2017 to September 2018”."""
        return f"{self.start_month.label} to {self.end_month.label}"


class AssessmentRating(VersionedModel):
    """One published KPI's rating in an assessment: what the rule proposed from the
    monthly statuses (with the counts it read) and what the contract manager confirmed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    kpi = models.ForeignKey(KPI, on_delete=models.PROTECT, related_name="assessment_ratings")
    proposed = models.CharField("Proposed rating", max_length=20, choices=Rating.choices)
    rating = models.CharField(max_length=20, choices=Rating.choices)
    reason = models.TextField(
        blank=True, help_text="Why the rating differs from the one Oversight proposed."
    )
    explanation = models.TextField(blank=True, help_text="Required for the rating Other.")
    notes = models.TextField(blank=True)
    green = models.PositiveSmallIntegerField(default=0)
    amber = models.PositiveSmallIntegerField(default=0)
    red = models.PositiveSmallIntegerField(default=0)
    missing = models.PositiveSmallIntegerField(default=0)
    mitigated = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "kpi__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kpi"], name="one_rating_per_kpi"),
        ]

    def __str__(self):
        return f"{self.kpi.code}: {self.get_rating_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.rating != self.proposed and not self.reason.strip():
            errors["reason"] = "Give a reason for changing the proposed rating."
        if self.rating == Rating.OTHER and not self.explanation.strip():
            errors["explanation"] = "Explain the rating Other."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        stored = Assessment._base_manager.filter(pk=self.assessment_id)
        if stored.filter(status=ApprovalStatus.APPROVED).exists():
            raise ApprovedRecordError("This assessment is approved and can no longer change.")
        return super().save(*args, **kwargs)

    @property
    def rating_colour(self) -> Colour:
        return RATING_COLOURS[self.rating]

    @property
    def changed(self) -> bool:
        return self.rating != self.proposed


class BreachNotice(ApprovedRecord):
    """A breach of contract, or a failure to improve after notice (s.71(4)–(5))."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="breaches")
    kind = models.CharField(max_length=20, choices=BreachKind.choices, default=BreachKind.BREACH)
    requirement = models.TextField("Obligation breached")
    description = models.TextField("Nature of the breach")
    impact = models.TextField("Impact of the breach")
    period_start = models.DateField("Breach started")
    period_end = models.DateField("Breach ended", null=True, blank=True)
    decision_date = models.DateField(help_text="When the authority decided it was a breach.")
    penalty_type = models.CharField(
        "Damages, settlement or penalty",
        max_length=10,
        choices=PenaltyType.choices,
        blank=True,
    )
    penalty_amount = models.DecimalField(
        **MONEY_DIGITS, null=True, blank=True, help_text="In pounds."
    )
    kpis = models.ManyToManyField(KPI, blank=True, related_name="breaches", verbose_name="KPIs")
    resolutions = models.ManyToManyField(Resolution, blank=True, related_name="breaches")
    actions = models.ManyToManyField(Action, blank=True, related_name="breaches")

    objects = NoticeRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "-decision_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="breach_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.contract.reference}"

    def get_absolute_url(self):
        return reverse("procurement:breach", args=[self.contract.reference, self.pk])


class AssessmentReminder(models.Model):
    """One e-mail sent about one contract's due assessment to one person; the unique
    constraint is what stops a rerun or a redelivered task from sending it twice."""

    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "contract", "due_date", "recipient"],
                name="one_assessment_reminder_each",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_date}) to {self.recipient_id}"
