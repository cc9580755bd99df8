"""Reading a file and running the returns importer over it."""

from core.periods import Month
from kpis.importing import (
    commit_returns,
    read_table,
    validate_returns,
)
from kpis.models import KPIFigure

OCTOBER_2018 = Month(2018, 10)
COMMENTARY = "Cost £1,200 – “agreed” by the board’s chair.\nSee p. 2. " + "x" * 5000


def table(path):
    with open(path, "rb") as file_obj:
        return read_table(file_obj, path.name)


def check(contract, path, approve=False, user=None):
    return validate_returns(
        contract=contract, table=table(path), approve=approve, today_month=OCTOBER_2018, user=user
    )


def load(contract, path, user=None, approve=False):
    return commit_returns(check(contract, path, approve, user), user=user, source="test file")


def figure(kpi, month="2018-09"):
    return KPIFigure.objects.get(kpi=kpi, period=Month.parse(month).first_day)


def errors(result):
    return [str(error) for error in result.errors]
