"""Writes to KPI definitions, their target versions and mitigations."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.concurrency import expect_version
from core.periods import Month

from ..choices import Polarity, Unit
from ..models import KPI, KPITarget, Mitigation
from .figures import recompute_on_commit

# Targets ---------------------------------------------------------------------------


def check_target_levels(*, kpi: KPI, target: Decimal | None, minimum: Decimal | None) -> None:
    if target is None and minimum is not None:
        raise ValidationError({"minimum": "A minimum needs a target."})
    if target is None or minimum is None:
        return
    worse = minimum <= target if kpi.polarity == Polarity.HIGHER else minimum >= target
    if not worse:
        side = "at or below" if kpi.polarity == Polarity.HIGHER else "at or above"
        raise ValidationError(
            {"minimum": f"The minimum must be {side} the target (it is on the worse side)."}
        )


def target_add(
    *,
    kpi: KPI,
    effective_from: Month,
    target: Decimal | None,
    minimum: Decimal | None,
    variation_reference: str = "",
    user=None,
    recompute: bool = True,
) -> KPITarget:
    """Add a target version. A version taking effect in a closed month needs a contract
    variation reference; an identical existing version is returned unchanged.

    `recompute=False` leaves the recompute to the caller (an import queues one)."""
    if kpi.is_yes_no:
        target, minimum = Decimal(1), None
    check_target_levels(kpi=kpi, target=target, minimum=minimum)
    existing = kpi.targets.filter(effective_from=effective_from.first_day).first()
    if existing is not None:
        if (existing.target, existing.minimum) == (target, minimum):
            return existing
        raise ValidationError(
            {
                "effective_from": f"A target version from {effective_from.label} already exists; "
                "versions cannot be changed. Add one from a later month."
            }
        )
    if kpi.contract.is_closed(effective_from) and not variation_reference.strip():
        raise ValidationError(
            {
                "variation_reference": f"{effective_from.label} is closed: give the contract "
                "variation that allows changing its target."
            }
        )
    with transaction.atomic():
        version = KPITarget.objects.create(
            kpi=kpi,
            effective_from=effective_from.first_day,
            target=target,
            minimum=minimum,
            variation_reference=variation_reference.strip(),
            created_by=user,
        )
        if recompute:
            recompute_on_commit(contract=kpi.contract, period=effective_from, kpi_ids=[kpi.pk])
    return version


# Mitigations ------------------------------------------------------------------------


def mitigation_agree(
    *,
    kpi: KPI,
    start: Month,
    end: Month | None,
    reason: str,
    agreed_by: str,
    agreed_on,
    user,
) -> Mitigation:
    if end is not None and end < start:
        raise ValidationError({"end": "The last month covered must not be before the first."})
    with transaction.atomic():
        KPI.objects.select_for_update().filter(pk=kpi.pk).order_by().first()  # serialise per KPI
        clash = kpi.mitigations.overlapping(start.first_day, end.first_day if end else None)
        if clash.exists():
            raise ValidationError({"start": "This overlaps another mitigation of the same KPI."})
        mitigation = Mitigation.objects.create(
            kpi=kpi,
            start=start.first_day,
            end=end.first_day if end else None,
            reason=reason.strip(),
            agreed_by=agreed_by.strip(),
            agreed_on=agreed_on,
            recorded_by=user,
        )
        recompute_on_commit(contract=kpi.contract, period=start, kpi_ids=[kpi.pk])
    return mitigation


def mitigation_end(
    *, mitigation: Mitigation, end: Month, user, version: int | None = None
) -> Mitigation:
    """End a mitigation: `end` is the last month it covers. `version`: the one the
    person saw, when they used a form."""
    expect_version(mitigation, version)
    if end < mitigation.start_month:
        raise ValidationError({"end": "The last month covered must not be before the first."})
    if mitigation.end is not None and end > mitigation.end_month:
        raise ValidationError({"end": "A mitigation can be ended earlier, not extended."})
    with transaction.atomic():
        mitigation.end = end.first_day
        mitigation._change_reason = f"Ended by {user}"
        mitigation.save()
        recompute_on_commit(
            contract=mitigation.kpi.contract, period=end.next(), kpi_ids=[mitigation.kpi_id]
        )
    return mitigation


# KPIs -------------------------------------------------------------------------------


def kpi_save(*, kpi: KPI, user=None, recompute: bool = True) -> KPI:
    """Create or update a KPI definition, recomputing from the month it went live."""
    if kpi.unit == Unit.YES_NO:
        # Yes meets the target (1), no misses it: only "higher is better" reads that way.
        kpi.min_value = kpi.max_value = None
        kpi.polarity = Polarity.HIGHER
    with transaction.atomic():
        previous_live = None
        if kpi.pk:
            previous_live = (
                KPI.objects.filter(pk=kpi.pk).values_list("live_from", flat=True).first()
            )
        kpi.save()
        if recompute:
            # Every KPI: whether it is contractual changes the month summaries.
            since = min(d for d in (kpi.live_from, previous_live) if d is not None)
            recompute_on_commit(contract=kpi.contract, period=Month.from_date(since))
    return kpi
