"""A bulk load leaves the planner statistics of the tables it filled up to date
(PostgreSQL; SQLite plans without them)."""

from datetime import date

import pytest
from django.db import connection

from kpis.importing import commit_returns, read_table, validate_returns
from kpis.models import KPIFigure
from kpis.statistics import statistics_refresh
from tests.factories import KPIFactory, KPIFigureFactory
from tests.kpis.spreadsheets import RETURN_HEADER, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("october_2018")]
FIGURES = KPIFigure._meta.db_table


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("statistics are PostgreSQL's")


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def forget_statistics(table: str) -> None:
    """As a freshly loaded database: no statistics gathered yet."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE relname = %s", [table])


def test_importing_a_return_file_analyses_the_figures_it_loaded(contract, manager, tmp_path):
    kpis = [KPIFactory(contract=contract, code=f"K_{n:03d}") for n in range(40)]
    forget_statistics(FIGURES)
    path = write_csv(
        tmp_path / "load.csv", [RETURN_HEADER] + [[k.code, "2018-09", "97", ""] for k in kpis]
    )
    with path.open("rb") as file_obj:
        table = read_table(file_obj, path.name)

    checked = validate_returns(contract=contract, table=table, user=manager, approve=True)
    commit_returns(checked, user=manager, source="load.csv")

    assert estimated_rows(FIGURES) == 40


def test_a_small_load_into_a_table_with_fresh_statistics_analyses_nothing(contract):
    kpi = KPIFactory(contract=contract)
    for month in range(1, 13):
        KPIFigureFactory(kpi=kpi, period=date(2017, month, 1))
    assert FIGURES in statistics_refresh(rows_written=12)
    assert estimated_rows(FIGURES) == 12

    assert FIGURES not in statistics_refresh(rows_written=1)
    assert statistics_refresh(rows_written=0) == []
