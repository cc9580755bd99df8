"""The status rules of docs/domain.md ("Statuses"), as pure functions over plain values.

`recompute_statuses` mirrors `month_status` and `persistent_failures` in one set-based
SQL statement; tests prove the two agree.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from core.periods import Month

from .choices import MITIGABLE, Frequency, Polarity, Status

PERSISTENT_RUN = 3  # the third consecutive red month and every later one are flagged


def is_due(*, month: Month, live_from: Month, retired_from: Month | None, frequency: str) -> bool:
    """Live that month (from `live_from`, until the month before `retired_from`), and
    for a quarterly KPI, the last month of a financial quarter."""
    if month < live_from or (retired_from is not None and month >= retired_from):
        return False
    return frequency != Frequency.QUARTERLY or month.is_quarter_end


def meets(value: Decimal, level: Decimal, polarity: str) -> bool:
    return value >= level if polarity == Polarity.HIGHER else value <= level


def judge(*, value: Decimal, target: Decimal, minimum: Decimal | None, polarity: str) -> str:
    if meets(value, target, polarity):
        return Status.GREEN
    if minimum is not None and meets(value, minimum, polarity):
        return Status.AMBER
    return Status.RED


def month_status(
    *,
    due: bool,
    value: Decimal | None,
    closed: bool,
    target: Decimal | None,
    minimum: Decimal | None,
    polarity: str,
    mitigated: bool,
) -> tuple[str, str]:
    """(status, underlying status) of one KPI for one month.

    `value` is the approved figure's value (None when there is no approved figure);
    `mitigated` is whether an agreed mitigation covers the month. A yes/no KPI passes
    value 1 (yes) or 0 (no), target 1, no minimum, polarity higher.
    """
    if not due:
        return Status.NOT_DUE, Status.NOT_DUE
    if value is None:
        underlying = Status.MISSING if closed else Status.AWAITING
    elif target is None:
        underlying = Status.NO_TARGET
    else:
        underlying = judge(value=value, target=target, minimum=minimum, polarity=polarity)
    if mitigated and underlying in MITIGABLE:
        return Status.MITIGATED, underlying
    return underlying, underlying


def persistent_failures(statuses: Iterable[str]) -> list[bool]:
    """Flags, month by month, for a KPI's statuses in month order.

    A run is consecutive red (not mitigated) due months; any other status breaks it and
    not-due months are skipped. The third red month of a run and every later one are
    flagged.
    """
    flags, run = [], 0
    for status in statuses:
        if status == Status.NOT_DUE:
            flags.append(False)
            continue
        run = run + 1 if status == Status.RED else 0
        flags.append(run >= PERSISTENT_RUN)
    return flags


def achieved_percent(green: int, measured: int) -> Decimal | None:
    """Green / measured as a percentage to one decimal place; None when nothing was
    measured (shown as "—")."""
    if not measured:
        return None
    return (Decimal(100) * green / measured).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
