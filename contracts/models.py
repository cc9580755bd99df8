from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from core.colours import Colour
from core.concurrency import VersionedModel
from core.periods import Month

from .choices import STATUS_COLOURS, ContractStatus, Role
from .querysets import ContractQuerySet, SupplierQuerySet

reference_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{0,19}$",
    "Use up to 20 capital letters, digits, hyphens or underscores, e.g. CSSC.",
)


class Supplier(models.Model):
    name = models.CharField(max_length=200, unique=True)
    companies_house_number = models.CharField(max_length=8, blank=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Contract(VersionedModel):
    reference = models.CharField(
        max_length=20,
        unique=True,
        validators=[reference_validator],
        help_text="Short code used in addresses, e.g. CSSC.",
    )
    title = models.CharField(max_length=200)
    authority = models.CharField(max_length=200)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    annual_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Annual value in pounds.",
    )
    status = models.CharField(
        max_length=20, choices=ContractStatus.choices, default=ContractStatus.LIVE
    )
    description = models.TextField(blank=True)
    closed_through = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the last month whose return deadline has passed.",
    )
    return_deadline_working_days = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Returns are due this many working days after the month ends.",
    )
    auto_close_months = models.BooleanField(
        default=True,
        help_text="Close each month automatically on its return deadline.",
    )
    separate_duties = models.BooleanField(
        "Separation of duties",
        default=True,
        help_text="Nobody approves or corrects a figure they entered, changed or submitted.",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def closed_month(self) -> Month | None:
        return Month.from_date(self.closed_through) if self.closed_through else None

    def is_closed(self, month: Month) -> bool:
        """Whether the month's return deadline has passed (docs/domain.md, "Months
        closing"): its missing figures are missing, no longer awaited."""
        return self.closed_through is not None and month <= self.closed_month

    @property
    def status_colour(self) -> Colour:
        return STATUS_COLOURS[self.status]


class ServiceArea(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=100)
    code = models.SlugField(max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "name"], name="unique_service_area_name"),
        ]

    def __str__(self):
        return self.name


class ContractMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    service_areas = models.ManyToManyField(
        ServiceArea,
        blank=True,
        help_text="Officers only: limit to these service areas (none selected: all).",
    )

    class Meta:
        ordering = ["contract", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "contract"], name="one_membership_per_contract"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} on {self.contract.reference}"

    @property
    def service_areas_word(self) -> str:
        """What an empty list of service areas means: an officer enters for all of them;
        other roles have none."""
        return "All" if self.role == Role.OFFICER else "—"
