"""The demo's monthly returns, April 2017 to September 2018 (`data/returns/YYYY-MM.csv`,
the columns `import_returns` reads), loaded as the council worked: the officer imports
each month's return, figures saved submitted, and the contract manager approves them
(separation of duties is on: the one who entered a figure never approves it).

Each figure is then dated as it would have been: entered on the 4th working day after
its month, submitted on the 5th and approved on the 8th (`dating`). A return's empty
value is a missing figure. Figures already there are left alone, so running it again
changes nothing.
"""

from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import OuterRef, Subquery

from contracts.models import Contract
from kpis.importing import CREATE
from kpis.models import KPIFigure
from kpis.services import figures_approve

from .dating import after_month, at
from .importing import import_return

RETURNS = Path(__file__).resolve().parent / "data" / "returns"


def seed_returns(contract: Contract, officer, manager, codes: list[str]) -> None:
    """Every month's return; `codes`: the catalogue's order, which spaces out the times
    at which the figures of one month were entered and approved."""
    new = set()
    for path in sorted(RETURNS.glob("*.csv")):
        result = import_return(contract=contract, path=path, user=officer)
        new |= {(row.kpi.pk, row.month.first_day) for row in result.rows if row.action == CREATE}
    figures = [
        figure
        for figure in KPIFigure.objects.filter(kpi__contract=contract).select_related("kpi")
        if (figure.kpi_id, figure.period) in new
    ]
    if not figures:
        return
    # One approval for them all (one recompute queued, not one a month); each figure is
    # then dated to the day its month's figures were approved.
    approval = figures_approve(figures=figures, user=manager)
    if approval.refused:
        raise CommandError("; ".join(approval.refused))
    _date(figures, {code: index for index, code in enumerate(codes)}, manager)


def _date(figures: list[KPIFigure], order: dict[str, int], manager) -> None:
    """Date the new figures, then their two history rows: imported (entered and
    submitted by the officer) and approved (by the manager). Updates, not saves: no new
    version, no new history row; a few statements for hundreds of figures."""
    stamp = KPIFigure._meta.get_field("entered_at").get_db_prep_value  # as the backend keeps it
    stamps = []
    for figure in figures:
        index, month = order[figure.kpi.code], figure.month
        entered = after_month(month, 4, at(9, 30 + 3 * index))
        submitted = after_month(month, 5, at(15, index))
        approved = after_month(month, 8, at(11, index))
        times = [stamp(when, connection) for when in (entered, submitted, approved)]
        stamps.append((*times, figure.pk))
    table = KPIFigure._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET entered_at = %s, submitted_at = %s, approved_at = %s "  # noqa: S608
            "WHERE id = %s",
            stamps,
        )
    dated = KPIFigure.objects.filter(pk=OuterRef("id"))
    times = {name: Subquery(dated.values(name)[:1]) for name in ("entered_at", "submitted_at")}
    history = KPIFigure.history.filter(id__in=[pk for *_, pk in stamps])
    history.filter(history_type="+").update(**times, history_date=times["submitted_at"])
    approved_at = Subquery(dated.values("approved_at")[:1])
    history.filter(history_type="~").update(
        **times, approved_at=approved_at, history_date=approved_at, history_user=manager
    )
