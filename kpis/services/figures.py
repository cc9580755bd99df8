"""Writes to figures: a return saved, figures approved, returned and corrected, and the
one place each of a figure's changes of state is made (the importer uses it too)."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from contracts.models import Contract
from core.bulk import bulk_history_of_updates, bulk_update_values
from core.periods import Month

from ..choices import FigureState
from ..duties import APPROVE, CORRECT, figure_refusal
from ..models import KPI, KPIFigure
from ..outbox import recompute_request


def recompute_on_commit(
    *, contract: Contract, period: Month | None, kpi_ids: Iterable[int] | None = None
) -> None:
    """Record, in this transaction, that the contract needs recomputing from `period`
    (the outbox, `kpis.outbox`), and queue it once the transaction commits. `kpi_ids`:
    only those KPIs' statuses can have changed (None: any of the contract's)."""
    recompute_request(contract=contract, period=period, kpi_ids=kpi_ids)


# Figures ---------------------------------------------------------------------------


class StaleFigure(Exception):
    """Someone else saved the figure after this person opened it."""


class StaleRows(Exception):
    """Figures of a monthly return changed since the person opened it."""


# Raised while saving a return when a figure changed under the person's feet; all mean
# the same to them.
CONCURRENT_CHANGES = (StaleRows, StaleFigure, IntegrityError)


@dataclass(frozen=True)
class FigureInput:
    kpi: KPI
    value: Decimal
    commentary: str = ""
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    version: int | None = None  # the version the person saw; None: not seen (new)


def check_month_allowed(*, kpi: KPI, month: Month, today_month: Month | None = None) -> None:
    """A figure's month may not be in the future, before the KPI is live, after it is
    retired, or (quarterly KPIs) outside the reporting month."""
    today_month = today_month or Month.containing_today()
    if month > today_month:
        raise ValidationError(f"{month.label} is in the future.")
    if month < kpi.live_month:
        raise ValidationError(f"{kpi.code} is not live until {kpi.live_month.label}.")
    if kpi.retired_month and month >= kpi.retired_month:
        raise ValidationError(f"{kpi.code} was retired from {kpi.retired_month.label}.")
    if not kpi.is_due(month):
        raise ValidationError(
            f"{kpi.code} is reported quarterly, in June, September, December and March."
        )


def check_ratio(*, numerator: Decimal | None, denominator: Decimal | None) -> None:
    """A figure's numerator may not be above its denominator (the return form shows this
    rule's message beside the field)."""
    if numerator is not None and denominator is not None and numerator > denominator:
        raise ValidationError({"numerator": "The numerator cannot be above the denominator."})


# A figure's states: the one place each change of state is made, for the form and the
# importer alike. These set fields; the caller saves.


def figure_enter(
    figure: KPIFigure, *, value, commentary, numerator, denominator, user, now, source: str
) -> None:
    """New content for the figure, if it differs. Who entered a figure is who last
    changed it, not who only submitted it."""
    if _content(figure) == (value, numerator, denominator, commentary):
        return
    figure.value, figure.commentary = value, commentary
    figure.numerator, figure.denominator = numerator, denominator
    figure.entered_by, figure.entered_at, figure.source = user, now, source


def figure_mark_submitted(figure: KPIFigure, *, user, now) -> None:
    figure.state = FigureState.SUBMITTED
    figure.submitted_by, figure.submitted_at = user, now
    figure.returned_comment = ""


def figure_mark_approved(figure: KPIFigure, *, user, now) -> None:
    figure.state, figure.approved_by, figure.approved_at = FigureState.APPROVED, user, now


def figure_mark_corrected(
    figure: KPIFigure, *, value, commentary, reason: str, user, now, source: str = ""
) -> None:
    """An approved figure's new value, approved again by the person correcting it; the
    reason is kept in its history."""
    figure.value, figure.commentary = value, commentary
    figure.correction_reason = reason
    figure.approved_by, figure.approved_at = user, now
    figure.entered_by, figure.entered_at = user, now
    if source:
        figure.source = source
    figure._change_reason = f"Corrected: {reason}"


# Every field a write may change: the update writes them all, whichever changed.
WRITTEN_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "commentary",
    "state",
    "entered_by",
    "entered_at",
    "submitted_by",
    "submitted_at",
    "approved_by",
    "approved_at",
    "returned_comment",
    "correction_reason",
    "source",
    "version",
)
BATCH_SIZE = 500


def figures_write(figures: list[KPIFigure], *, user) -> None:
    """Insert the new figures and update the others in a few statements whatever their
    number, each with its historical row: `user` as who, the figure's `_change_reason`
    as why. The caller holds the transaction and the figures' row locks.

    IntegrityError: a new figure was saved by someone else meanwhile."""
    new = [figure for figure in figures if figure.pk is None]
    changed = [figure for figure in figures if figure.pk is not None]
    if changed:
        bulk_update_values(changed, WRITTEN_FIELDS, batch_size=BATCH_SIZE)
        bulk_history_of_updates(changed, user=user)
    if new:
        bulk_create_with_history(new, KPIFigure, batch_size=BATCH_SIZE, default_user=user)


RETURN_FORM_SOURCE = "Monthly return form"


def figures_save(
    *,
    month: Month,
    items: list[FigureInput],
    user,
    submit: bool,
    source: str = RETURN_FORM_SOURCE,
) -> list[KPIFigure]:
    """Save a return's figures as draft or submitted, all or none.

    Approved figures are not touched here (they are corrected with a reason). Raises
    StaleFigure when a figure changed since the person saw it, naming the KPI."""
    with transaction.atomic():
        existing = _lock_month_figures(month=month, kpi_ids=[item.kpi.pk for item in items])
        return _figures_save_locked(
            month=month, items=items, existing=existing, user=user, submit=submit, source=source
        )


def _lock_month_figures(*, month: Month, kpi_ids: list[int]) -> dict[int, KPIFigure]:
    """The month's figures of these KPIs by KPI, locked (in id order, so that two saves
    never wait for each other's locks crosswise)."""
    figures = KPIFigure.objects.select_for_update().order_by("pk")
    return {f.kpi_id: f for f in figures.filter(kpi__in=kpi_ids, period=month.first_day)}


def _figures_save_locked(
    *, month: Month, items: list[FigureInput], existing: dict, user, submit: bool, source: str
) -> list[KPIFigure]:
    """`figures_save` once the month's figures of `items` are locked (`existing`)."""
    now = timezone.now()
    today_month = Month.containing_today()  # read once: the same for every figure
    saved = []
    for item in items:
        check_month_allowed(kpi=item.kpi, month=month, today_month=today_month)
        check_ratio(numerator=item.numerator, denominator=item.denominator)
        figure = existing.get(item.kpi.pk)
        if figure is not None and figure.version != item.version:
            raise StaleFigure(item.kpi.code)  # saved by someone else since it was seen
        if figure is not None and figure.state == FigureState.APPROVED:
            continue
        if figure is None:
            if item.version is not None:
                raise StaleFigure(item.kpi.code)
            figure = KPIFigure(kpi=item.kpi, period=month.first_day, version=0)
        figure_enter(
            figure,
            value=item.value,
            commentary=item.commentary,
            numerator=item.numerator,
            denominator=item.denominator,
            user=user,
            now=now,
            source=source,
        )
        figure.version += 1
        if submit:
            figure_mark_submitted(figure, user=user, now=now)
        saved.append(figure)
    figures_write(saved, user=user)
    return saved


def _content(figure) -> tuple:
    return (figure.value, figure.numerator, figure.denominator, figure.commentary)


def return_save(*, month: Month, items: list[FigureInput], user, submit: bool) -> list[KPIFigure]:
    """Save a monthly return's rows (as the person saw them: each with the version it
    was read at) that change something, all or none. Raises one of CONCURRENT_CHANGES
    when a figure changed since the person saw it."""
    with transaction.atomic():
        current = _lock_month_figures(month=month, kpi_ids=[item.kpi.pk for item in items])
        changes = []
        for item in items:
            change = _return_change(item, current.get(item.kpi.pk), submit=submit)
            if change is not None:
                changes.append(change)
        if not changes:
            return []
        return _figures_save_locked(
            month=month,
            items=changes,
            existing=current,
            user=user,
            submit=submit,
            source=RETURN_FORM_SOURCE,
        )


def _return_change(item: FigureInput, figure: KPIFigure | None, *, submit: bool):
    """What to save for one row: None when it changes nothing. Raises StaleRows when the
    figure changed since the person saw it."""
    if figure is not None and figure.state == FigureState.APPROVED:
        raise StaleRows(item.kpi.code)
    if figure is not None and _same_text_content(figure, item):
        # Same content as saved: nothing is overwritten, whoever saved it.
        if submit and figure.state == FigureState.DRAFT:
            return replace(item, version=figure.version)
        return None
    if (figure.version if figure else None) != item.version:
        raise StaleRows(item.kpi.code)
    return item


def _same_text_content(figure, item: FigureInput) -> bool:
    """Browsers send a textarea's line breaks as CRLF, whatever was saved."""

    def lines(text: str) -> str:
        return text.replace("\r\n", "\n")

    return _content(figure)[:3] == _content(item)[:3] and lines(figure.commentary) == lines(
        item.commentary
    )


@dataclass
class Approval:
    approved: int = 0
    refused: list[str] = field(default_factory=list)  # why, naming each figure


def figures_approve(*, figures: list[KPIFigure], user) -> Approval:
    """Approve the submitted figures this user may approve (`duties`); others are left
    alone. Returns how many were approved and why each refused one was."""
    now = timezone.now()
    result = Approval()
    approved = []
    with transaction.atomic():
        for figure in (
            KPIFigure.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(pk__in=[f.pk for f in figures], state=FigureState.SUBMITTED)
            .select_related("kpi__contract")
        ):
            refusal = figure_refusal(figure, user, APPROVE)
            if refusal:
                result.refused.append(refusal)
                continue
            figure_mark_approved(figure, user=user, now=now)
            figure.version += 1
            figure._change_reason = "Approved"
            approved.append(figure)
        figures_write(approved, user=user)
        result.approved = len(approved)
        recompute_figures_on_commit(approved)
    return result


def recompute_figures_on_commit(figures: list[KPIFigure]) -> None:
    """One recompute per contract: of the KPIs these figures belong to, from the
    earliest of their months."""
    earliest, kpi_ids = {}, {}  # by contract
    for figure in figures:
        contract = figure.kpi.contract
        earliest[contract] = min(earliest.get(contract, figure.month), figure.month)
        kpi_ids.setdefault(contract, set()).add(figure.kpi_id)
    for contract, month in earliest.items():
        recompute_on_commit(contract=contract, period=month, kpi_ids=kpi_ids[contract])


def figure_return(*, figure: KPIFigure, comment: str, user) -> KPIFigure:
    """Send a submitted figure back to draft with the contract manager's comment."""
    if not comment.strip():
        raise ValidationError({"comment": "Say why the figure is returned."})
    if figure.state != FigureState.SUBMITTED:
        raise ValidationError("Only a submitted figure can be returned.")
    figure.state, figure.returned_comment = FigureState.DRAFT, comment.strip()
    figure.version += 1
    figure._change_reason = f"Returned: {comment.strip()}"
    figure.save()
    return figure


def figure_correct(
    *,
    figure: KPIFigure,
    value: Decimal,
    commentary: str,
    reason: str,
    user,
    source: str = "",
    operator_load: bool = False,
) -> KPIFigure:
    """Correct an approved figure; the reason is kept in its history. Only a contract
    manager may, and (`duties`) not one who entered, last changed or submitted it, unless
    `operator_load` (a bulk load from the server)."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for correcting an approved figure."})
    if figure.state != FigureState.APPROVED:
        raise ValidationError("Only an approved figure is corrected; edit others in the return.")
    refusal = figure_refusal(figure, user, CORRECT, operator_load=operator_load)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        figure_mark_corrected(
            figure,
            value=value,
            commentary=commentary,
            reason=reason.strip(),
            user=user,
            now=timezone.now(),
            source=source,
        )
        figure.version += 1
        figure.save()
        recompute_figures_on_commit([figure])
    return figure
