"""The demo's files through the importers' own code path (`kpis.importing`): what the
`import_kpis` and `import_returns` commands and the upload page run. A bad row stops the
demo with the file and row named; nothing is half loaded."""

from pathlib import Path

from django.core.management.base import CommandError

from kpis.importing import (
    ImportFileError,
    ImportRefused,
    KPIsResult,
    ReturnsResult,
    commit_kpis,
    commit_returns,
    read_table,
    validate_kpis,
    validate_returns,
)


def import_catalogue(*, contract, path: Path, user) -> KPIsResult:
    """KPI definitions and target versions, imported as `user` (the upload page's way:
    the contract manager is named on each version)."""
    try:
        return commit_kpis(validate_kpis(contract=contract, table=_read(path)), user=user)
    except (ImportFileError, ImportRefused) as error:
        raise CommandError(f"{path.name}: {error}") from None


def import_return(*, contract, path: Path, user) -> ReturnsResult:
    """A monthly return, as `import_returns FILE --contract REF --user USER` imports it:
    the figures saved submitted, entered and submitted by `user`."""
    try:
        result = validate_returns(
            contract=contract, table=_read(path), user=user, operator_load=True
        )
        return commit_returns(result, user=user, source=f"File {path.name} (import_returns)")
    except (ImportFileError, ImportRefused) as error:
        raise CommandError(f"{path.name}: {error}") from None


def _read(path: Path):
    with path.open("rb") as file_obj:
        return read_table(file_obj, path.name)
