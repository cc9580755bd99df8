"""Goal: a write costs the same number of queries whatever the number of rows, and every
changed figure still gets its historical row, with who and why."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import Month
from kpis.choices import FigureState
from kpis.importing import commit_returns, read_table, validate_returns
from kpis.models import KPIFigure
from kpis.services import FigureInput, figures_approve, return_save
from tests.factories import KPIFactory, KPIFigureFactory
from tests.kpis.spreadsheets import RETURN_HEADER, write_csv
from tests.kpis.views_helpers import row_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("october_2018")]
D = Decimal
User = get_user_model()
SEPTEMBER = Month(2018, 9)


@pytest.fixture(autouse=True)
def postgres_only():
    # The fixed count is PostgreSQL's one UPDATE … FROM unnest per batch (core/bulk.py);
    # on SQLite (the demo) the fallback, Django's bulk_update, splits into more batches.
    if connection.vendor != "postgresql":
        pytest.skip("a fixed number of writes is PostgreSQL's UPDATE … FROM unnest")


def kpis_of(contract, n: int):
    return [KPIFactory(contract=contract, code=f"K_{i:03d}") for i in range(n)]


def queries(action) -> int:
    """The statements a write runs, less the ANALYZE of tables a bulk load made stale
    (kpis.statistics): one per table at most, and which tables depends on the statistics
    the database held before (earlier tests' rows), not on the rows written."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return sum(1 for query in captured if not query["sql"].startswith("ANALYZE "))


def history_of(figures, **fields):
    return KPIFigure.history.filter(id__in=[f.pk for f in figures], **fields)


def save_return(contract, officer, n: int) -> int:
    kpis = kpis_of(contract, n)
    # Half new, half drafts already saved: both kinds of write in one return.
    for kpi in kpis[::2]:
        KPIFigureFactory(kpi=kpi, period=SEPTEMBER.first_day, state=FigureState.DRAFT, version=1)
    items = [
        FigureInput(
            kpi=kpi,
            value=D(97),
            commentary="Fine",
            version=1 if i % 2 == 0 else None,
        )
        for i, kpi in enumerate(kpis)
    ]
    count = queries(lambda: return_save(month=SEPTEMBER, items=items, user=officer, submit=True))
    figures = KPIFigure.objects.filter(kpi__in=kpis)
    assert [f.state for f in figures] == [FigureState.SUBMITTED] * n
    assert history_of(figures, history_user=officer, value=D(97)).count() == n
    return count


def approve_batch(contract, officer, manager, n: int) -> int:
    figures = [
        KPIFigureFactory(
            kpi=kpi,
            period=SEPTEMBER.first_day,
            state=FigureState.SUBMITTED,
            submitted_by=officer,
            entered_by=officer,
            version=2,
        )
        for kpi in kpis_of(contract, n)
    ]
    count = queries(lambda: figures_approve(figures=figures, user=manager))
    assert KPIFigure.objects.filter(state=FigureState.APPROVED).count() == n
    approved = history_of(figures, history_user=manager, history_change_reason="Approved")
    assert approved.filter(state=FigureState.APPROVED, version=3).count() == n
    return count


def commit_upload(contract, manager, tmp_path, n: int) -> int:
    kpis = kpis_of(contract, n)
    # A third are approved figures corrected with a reason, a third drafts, a third new.
    for kpi in kpis[: n // 3]:
        KPIFigureFactory(kpi=kpi, period=SEPTEMBER.first_day, state=FigureState.APPROVED)
    for kpi in kpis[n // 3 : 2 * n // 3]:
        KPIFigureFactory(kpi=kpi, period=SEPTEMBER.first_day, state=FigureState.DRAFT)
    rows = [RETURN_HEADER + ["correction_reason"]]
    rows += [[kpi.code, "2018-09", "91", "", "Recounted"] for kpi in kpis]
    path = write_csv(tmp_path / f"{n}.csv", rows)
    with path.open("rb") as file_obj:
        table = read_table(file_obj, path.name)
    checked = validate_returns(contract=contract, table=table, user=manager, approve=True)
    assert not checked.errors
    count = queries(lambda: commit_returns(checked, user=manager, source="Upload"))
    figures = KPIFigure.objects.filter(kpi__in=kpis)
    assert [f.value for f in figures] == [D(91)] * n
    corrected = history_of(
        figures, history_user=manager, history_change_reason="Corrected: Recounted"
    )
    assert corrected.filter(value=D(91)).count() == n // 3
    imported = history_of(figures, history_user=manager, history_change_reason="Imported (Upload)")
    assert imported.filter(value=D(91)).count() == n - n // 3
    return count


@pytest.mark.parametrize("write", ["save_return", "approve_batch", "commit_upload"])
def test_write_queries_do_not_grow_with_rows(write, contract, officer, manager, tmp_path):
    def run(n):
        # Fresh users: nothing cached on them (their memberships) from the other run.
        fresh_officer, fresh_manager = (User.objects.get(pk=u.pk) for u in (officer, manager))
        if write == "save_return":
            return save_return(contract, fresh_officer, n)
        if write == "approve_batch":
            return approve_batch(contract, officer, fresh_manager, n)
        return commit_upload(contract, fresh_manager, tmp_path, n)

    few = run(5)
    KPIFigure.objects.all().delete()
    contract.kpis.all().delete()
    many = run(100)
    assert few == many


def post_return_page(client, contract, officer, n: int) -> int:
    """The whole request, as the officer's browser sends it: half new figures, half
    drafts already saved."""
    kpis = kpis_of(contract, n)
    for kpi in kpis[::2]:
        KPIFigureFactory(kpi=kpi, period=SEPTEMBER.first_day, state=FigureState.DRAFT, version=1)
    data = {"action": "submit"}
    for i, kpi in enumerate(kpis):
        data |= row_data(kpi, value="97", commentary="Fine", version="1" if i % 2 == 0 else "")
    client.force_login(User.objects.get(pk=officer.pk))
    url = reverse("kpis:return", args=[contract.reference, "2018-09"])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302
    figures = KPIFigure.objects.filter(kpi__in=kpis)
    assert history_of(figures, history_user=officer, state=FigureState.SUBMITTED).count() == n
    return len(captured)


def test_saving_a_return_page_costs_the_same_queries_at_5_and_100_rows(client, contract, officer):
    few = post_return_page(client, contract, officer, 5)
    KPIFigure.objects.all().delete()
    contract.kpis.all().delete()
    assert post_return_page(client, contract, officer, 100) == few
