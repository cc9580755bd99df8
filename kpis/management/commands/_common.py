"""Helpers shared by the kpis commands (the leading underscore keeps Django from taking
this module for a command)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from contracts.models import Contract
from core.periods import Month
from kpis.importing import ImportFileError, RowError, Table, bad_row_count, read_table
from kpis.models import RecomputeRequest


def get_contract(reference: str) -> Contract:
    contract = Contract.objects.filter(reference=reference.strip().upper()).first()
    if contract is None:
        known = ", ".join(Contract.objects.values_list("reference", flat=True)) or "none"
        raise CommandError(f"No contract with the reference “{reference}” (known: {known}).")
    return contract


def get_user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user with the username “{username}”.")
    return user


def parse_month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def read_file(path: str) -> Table:
    try:
        with open(path, "rb") as file_obj:
            return read_table(file_obj, Path(path).name)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    except ImportFileError as error:
        raise CommandError(f"{path}: {error}") from None


def refuse(command, path: str, errors: list[RowError]):
    """Print every bad row, then fail: nothing was imported."""
    for error in errors:
        command.stderr.write(str(error))
    return CommandError(f"Nothing imported: {bad_row_count(errors)} bad row(s) in {path}.")


def recompute_note(contract: Contract) -> str:
    """Where the contract's status recompute stands, after an import has committed."""
    pending = RecomputeRequest.objects.filter(contract=contract).first()
    if pending is None:
        return ""  # none was needed, or it has already run
    if pending.dispatched_at is None:
        return (
            f"{contract.reference}: statuses recompute pending: the task queue cannot be "
            "reached; it is queued automatically within 5 minutes of the queue coming back."
        )
    return f"{contract.reference}: statuses recompute queued."
