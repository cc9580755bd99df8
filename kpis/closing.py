"""The monthly close and the e-mails around it.

A month closes on its return deadline day (`core.periods.is_past_deadline`): the
daily task moves each auto-closing contract's `closed_through` to the last month whose
deadline has passed by today, so a day the scheduler missed is caught up by the next
run. Officers are reminded three working days before a deadline; contract managers are
told when a month closes with returns missing. Every e-mail is recorded in ReminderLog,
whose unique constraint keeps a rerun or a redelivered task from sending it twice.
"""

import logging
from datetime import date
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, Min, OuterRef

from contracts.choices import ContractStatus, Role
from contracts.models import Contract
from core.formatting import format_date, person_name
from core.periods import (
    Month,
    is_past_deadline,
    last_month_past_deadline,
    month_range,
    return_deadline,
    working_days_before,
)

from .choices import FigureState
from .models import KPI, KPIFigure, ReminderKind, ReminderLog
from .queue import queue_contract_close
from .recompute import recompute_statuses

logger = logging.getLogger(__name__)

REMINDER_WORKING_DAYS = 3


class MonthCloseFailed(Exception):
    """Closing failed for some contracts (the others were closed); the next run retries."""


def auto_closing_contracts():
    return Contract.objects.filter(
        auto_close_months=True, status__in=ContractStatus.auto_closing()
    ).order_by("pk")


# Closing ----------------------------------------------------------------------------


def month_close(*, contract: Contract, through: Month) -> bool:
    """Close the contract's months up to `through`, recompute from the first newly
    closed month and, once committed, tell the contract managers about missing returns.

    Never moves backwards: when the contract is already closed through `through` or
    later, nothing changes and it returns False."""
    with transaction.atomic():
        # The row lock makes concurrent closes of one contract take turns; the second
        # then sees the first one's month and has nothing left to do.
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        previous = locked.closed_month
        if previous is not None and through <= previous:
            contract.closed_through = locked.closed_through
            return False
        locked.closed_through = through.first_day
        locked.save(update_fields=["closed_through"])
        first_new = previous.next() if previous else None
        # In the same transaction: a month is never closed without its statuses.
        recompute_statuses(contract=locked, period=first_new)
        for month in _newly_closed_months(locked, first_new, through):
            notify = partial(notify_missing_returns, contract=locked, month=month)
            transaction.on_commit(notify, robust=True)
    contract.closed_through = locked.closed_through
    logger.info("Closed %s through %s (was %s)", contract.reference, through, previous)
    return True


def _newly_closed_months(contract: Contract, first_new: Month | None, through: Month):
    if first_new is None:
        first_live = contract.kpis.aggregate(first=Min("live_from"))["first"]
        if first_live is None:
            return []
        first_new = Month.from_date(first_live)
    return month_range(first_new, through)


def contract_close_due(*, contract: Contract, today: date) -> bool:
    """Close each of the contract's months whose return deadline has passed by `today`
    (`month_close`). False when none is left to close."""
    through = last_month_past_deadline(today, contract.return_deadline_working_days)
    if contract.is_closed(through):
        return False
    return month_close(contract=contract, through=through)


def _contracts_due(today: date) -> list[Contract]:
    """The auto-closing contracts with a month whose deadline has passed by `today`."""
    return [
        contract
        for contract in auto_closing_contracts()
        if not contract.is_closed(
            last_month_past_deadline(today, contract.return_deadline_working_days)
        )
    ]


def close_due_months(*, today: date) -> list[Contract]:
    """For every contract with automatic closing on, close each month whose return
    deadline has passed by `today`, here and now. Returns the contracts whose months
    moved on.

    A failure on one contract does not stop the others; it is raised at the end."""
    closed, failed = [], []
    for contract in _contracts_due(today):
        try:
            if contract_close_due(contract=contract, today=today):
                closed.append(contract)
        except Exception:
            logger.exception("Closing %s for %s failed", contract.reference, today)
            failed.append(contract.reference)
    if failed:
        raise MonthCloseFailed(f"Closing failed for {', '.join(failed)}.")
    return closed


def close_due_months_fan_out(*, today: date) -> list[Contract]:
    """The daily close as one task per contract with a month to close, so that workers
    on any number of hosts share them; a contract the broker cannot take is closed here.
    Returns the contracts handed over or closed.

    Without a broker (tests, the demo) each task runs at once, here; a failure on one
    contract does not stop the others and is raised at the end. A close lost with its
    worker is redone by the next day's run (closing catches up)."""
    done, failed = [], []
    for contract in _contracts_due(today):
        try:
            if not queue_contract_close(contract_id=contract.pk, today=today):
                contract_close_due(contract=contract, today=today)
            done.append(contract)
        except Exception:
            logger.exception("Closing %s for %s failed", contract.reference, today)
            failed.append(contract.reference)
    if failed:
        raise MonthCloseFailed(f"Closing failed for {', '.join(failed)}.")
    return done


# Reminders --------------------------------------------------------------------------


def reminder_date(month: Month, working_days: int) -> date:
    """The day officers are reminded of the month's return: three working days before
    its deadline."""
    return working_days_before(return_deadline(month, working_days), REMINDER_WORKING_DAYS)


def _months_to_remind(contract: Contract, today: date) -> list[Month]:
    """Open months whose reminder day has come and whose deadline has not. Reminding on
    any day of that window (not only the first) lets a run missed on the reminder day
    catch up; ReminderLog keeps it to one e-mail each."""
    working_days = contract.return_deadline_working_days
    months = []
    month = Month.from_date(today).previous()
    while not is_past_deadline(month, today, working_days):
        if reminder_date(month, working_days) <= today:
            months.append(month)
        month = month.previous()
    closed = contract.closed_month
    return [m for m in reversed(months) if closed is None or m > closed]


def send_return_reminders(*, today: date) -> int:
    """E-mail each officer of an auto-closing contract whose KPIs have no submitted
    figure for a month whose deadline is three working days away (or less, when a run
    was missed). Returns how many e-mails were sent."""
    sent = 0
    for contract in auto_closing_contracts():
        for month in _months_to_remind(contract, today):
            sent += _remind_officers(contract, month)
    return sent


def _remind_officers(contract: Contract, month: Month) -> int:
    missing = _kpis_without(contract, month, (FigureState.SUBMITTED, FigureState.APPROVED))
    if not missing:
        return 0
    deadline = return_deadline(month, contract.return_deadline_working_days)
    sent = 0
    for membership in _members(contract, Role.OFFICER).prefetch_related("service_areas"):
        areas = {area.pk for area in membership.service_areas.all()}
        theirs = [kpi for kpi in missing if not areas or kpi.service_area_id in areas]
        if not theirs:
            continue
        body = _officer_body(membership.user, contract, month, deadline, theirs)
        subject = (
            f"{contract.reference}: figures for {month.label} due by the end of "
            f"{format_date(working_days_before(deadline, 1), 'weekday')}"
        )
        sent += _send_once(
            kind=ReminderKind.RETURN_DUE,
            contract=contract,
            month=month,
            user=membership.user,
            subject=subject,
            body=body,
        )
    return sent


def notify_missing_returns(*, contract: Contract, month: Month) -> int:
    """E-mail the contract managers the KPIs left without an approved figure in a month
    that has closed (they now count as missing). Returns how many e-mails were sent."""
    missing = _kpis_without(contract, month, (FigureState.APPROVED,))
    if not missing:
        return 0
    sent = 0
    for membership in _members(contract, Role.CONTRACT_MANAGER):
        sent += _send_once(
            kind=ReminderKind.RETURNS_MISSING,
            contract=contract,
            month=month,
            user=membership.user,
            subject=f"{contract.reference}: {month.label} closed with figures missing",
            body=_manager_body(membership.user, contract, month, missing),
        )
    return sent


def _kpis_without(contract: Contract, month: Month, states) -> list[KPI]:
    """The KPIs due in the month that have no figure in one of `states`."""
    figures = KPIFigure.objects.filter(kpi=OuterRef("pk"), period=month.first_day)
    return list(
        KPI.objects.for_contract(contract)
        .due_in(month)
        .exclude(Exists(figures.filter(state__in=states)))
        .annotate(submitted=Exists(figures.filter(state=FigureState.SUBMITTED)))
        .select_related("service_area")
        .order_by("service_area__sort_order", "service_area__name", "code")
    )


def _members(contract: Contract, role: str):
    return (
        contract.memberships.filter(role=role, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )


def _send_once(*, kind, contract, month: Month, user, subject: str, body: str) -> bool:
    """Send unless ReminderLog says it was sent. The log row and the sending share a
    transaction: a failed send leaves no row, so the next run tries again."""
    with transaction.atomic():
        _, created = ReminderLog.objects.get_or_create(
            kind=kind, contract=contract, period=month.first_day, recipient=user
        )
        if not created:
            return False
        send_mail(subject, body, None, [user.email])
    logger.info(
        "E-mailed %s <%s>: %s, %s %s",
        user.username,
        user.email,
        ReminderKind(kind).label,
        contract.reference,
        month,
    )
    return True


def _kpi_lines(kpis: list[KPI], *, flag_submitted: bool) -> str:
    lines = []
    for kpi in kpis:
        note = " — submitted, not yet approved" if flag_submitted and kpi.submitted else ""
        lines.append(f"- {kpi.code} {kpi.name} ({kpi.service_area.name}){note}")
    return "\n".join(lines)


def _officer_body(user, contract, month: Month, deadline: date, kpis: list[KPI]) -> str:
    due_by = working_days_before(deadline, 1)
    return (
        f"Dear {person_name(user)},\n\n"
        f"These KPIs of {contract} have no figure submitted for {month.label}:\n\n"
        f"{_kpi_lines(kpis, flag_submitted=False)}\n\n"
        f"Please submit them by the end of {format_date(due_by, 'weekday')}. The month closes on "
        f"{format_date(deadline, 'weekday')}; a KPI without an approved figure then counts as "
        "missing.\n\nOversight\n"
    )


def _manager_body(user, contract, month: Month, kpis: list[KPI]) -> str:
    deadline = return_deadline(month, contract.return_deadline_working_days)
    return (
        f"Dear {person_name(user)},\n\n"
        f"The return deadline for {month.label} of {contract} passed on "
        f"{format_date(deadline, 'weekday')} and the month is now closed. These KPIs have no "
        "approved figure and count as missing:\n\n"
        f"{_kpi_lines(kpis, flag_submitted=True)}\n\n"
        "Oversight\n"
    )
