"""What an import reports: per-row outcomes and errors, shared by both importers."""

from dataclasses import dataclass

from ..choices import RowAction

CREATE = RowAction.CREATE
UPDATE = RowAction.UPDATE
UNCHANGED = RowAction.UNCHANGED
SKIPPED = RowAction.SKIPPED
ERROR = RowAction.ERROR


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message is for the person who chose it."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet shows it
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}: {self.column}: {self.message}"


class ImportRefused(Exception):
    """Nothing was imported because of these row errors."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(map(str, errors)))


def bad_row_count(errors: list[RowError]) -> int:
    return len({error.row for error in errors})
