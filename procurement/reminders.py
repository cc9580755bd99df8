"""E-mails to contract managers before a Procurement Act assessment is due (from 30 days
before) and once it is overdue: one of each per due date and person, whatever the number
of runs (an `AssessmentReminder` row records each one sent)."""

import logging
from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from contracts.choices import ContractStatus, Role
from contracts.models import Contract
from core.formatting import format_date, person_name
from core.links import site_url

from .choices import ReminderKind
from .due import NextAssessment
from .models import AssessmentReminder
from .selectors import next_due

logger = logging.getLogger(__name__)


def send_assessment_reminders(*, today: date) -> int:
    """Remind each contract manager of every contract with procurement details whose
    next assessment is due within 30 days or overdue. Returns how many e-mails were sent."""
    sent = 0
    contracts = (
        Contract.objects.filter(procurement__isnull=False)
        .exclude(status=ContractStatus.ENDED)
        .order_by("reference")
    )
    for contract in contracts:
        due = next_due(contract)
        if due is None:
            continue
        if due.is_overdue(today):
            kind = ReminderKind.OVERDUE
        elif due.is_due_soon(today):
            kind = ReminderKind.DUE_SOON
        else:
            continue
        for membership in _managers(contract):
            sent += _send_once(kind=kind, contract=contract, due=due, user=membership.user)
    return sent


def _managers(contract: Contract):
    return (
        contract.memberships.filter(role=Role.CONTRACT_MANAGER, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )


def _send_once(*, kind: str, contract: Contract, due: NextAssessment, user) -> bool:
    """The log row and the sending share a transaction: a failed send leaves no row, so
    the next run tries again."""
    with transaction.atomic():
        _, created = AssessmentReminder.objects.get_or_create(
            kind=kind, contract=contract, due_date=due.due, recipient=user
        )
        if not created:
            return False
        send_mail(
            _subject(kind, contract, due), _body(kind, contract, due, user), None, [user.email]
        )
    logger.info("E-mailed %s <%s>: %s, %s", user.username, user.email, kind, contract.reference)
    return True


def _subject(kind: str, contract: Contract, due: NextAssessment) -> str:
    if kind == ReminderKind.OVERDUE:
        return f"{contract.reference}: KPI assessment overdue since {format_date(due.due)}"
    return f"{contract.reference}: KPI assessment due by {format_date(due.due)}"


def _body(kind: str, contract: Contract, due: NextAssessment, user) -> str:
    state = "was due" if kind == ReminderKind.OVERDUE else "is due"
    link = site_url(reverse("procurement:list", args=[contract.reference]))
    return (
        f"Dear {person_name(user)},\n\n"
        f"The Procurement Act 2023 assessment of {contract} for {due.start.label} to "
        f"{due.end.label} {state} by {format_date(due.due, 'weekday')}. Assess the supplier "
        "against the published KPIs (Oversight proposes each rating), submit the assessment "
        "for approval, and publish it as a contract performance notice.\n\n"
        f"Assessments: {link}\n\nOversight\n"
    )
