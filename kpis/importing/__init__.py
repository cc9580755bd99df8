"""Importing KPI definitions and monthly returns from CSV or XLSX files.

One code path for the management commands and the upload page:

    table = read_table(uploaded_file, uploaded_file.name)   # ImportFileError: unreadable
    result = validate_returns(contract=contract, table=table, approve=False)
    result.rows    # per row: number, action (create/update/unchanged/skipped/error), errors
    result.errors  # RowError(row, column, message), str() "row 7: value: …"
    commit_returns(result, user=request.user, source="Upload returns.xlsx")  # all or none

`validate_kpis` and `commit_kpis` do the same for KPI definitions. Commits re-check the
rows inside their transaction and raise ImportRefused rather than save a bad row.
"""

from .definitions import KPIsResult, commit_kpis, validate_kpis
from .reading import Row, Table, read_table
from .results import (
    CREATE,
    ERROR,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    ImportRefused,
    RowError,
    bad_row_count,
)
from .returns import ReturnRow, ReturnsResult, RowLimits, commit_returns, validate_returns

__all__ = [
    "CREATE",
    "ERROR",
    "SKIPPED",
    "UNCHANGED",
    "UPDATE",
    "ImportFileError",
    "ImportRefused",
    "KPIsResult",
    "ReturnRow",
    "ReturnsResult",
    "Row",
    "RowError",
    "RowLimits",
    "Table",
    "bad_row_count",
    "commit_kpis",
    "commit_returns",
    "read_table",
    "validate_kpis",
    "validate_returns",
]
