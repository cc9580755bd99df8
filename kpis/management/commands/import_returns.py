from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.choices import FigureState
from kpis.importing import ImportFileError, ImportRefused, commit_returns, validate_returns

from ._common import get_contract, get_user, read_file, recompute_note, refuse


class Command(BaseCommand):
    help = (
        "Import monthly figures from CSV or XLSX (kpi_code, period, value, commentary), "
        "all rows or none. Figures are saved submitted, or approved with --approve. A row "
        "with a correction_reason corrects an approved figure: --user must be a contract "
        "manager of the contract."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument("--contract", required=True, help="The contract's reference.")
        parser.add_argument("--approve", action="store_true", help="Save the figures approved.")
        parser.add_argument("--user", help="Who enters (and with --approve, approves) them.")

    def handle(self, *args, file, contract, approve, user, **options):
        contract = get_contract(contract)
        if approve and not user:
            raise CommandError("--approve needs --user USERNAME: the person approving.")
        user = get_user(user) if user else None
        table = read_file(file)
        try:
            # An operator's bulk load: exempt from separation of duties, but a row
            # correcting an approved figure still needs --user, a contract manager.
            result = validate_returns(
                contract=contract, table=table, approve=approve, user=user, operator_load=True
            )
            if result.errors:
                raise refuse(self, file, result.errors)
            source = f"File {Path(file).name} (import_returns)"[:300]
            result = commit_returns(result, user=user, source=source)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        except ImportRefused as refused:
            raise refuse(self, file, refused.errors) from None
        counts = result.counts
        state = FigureState.APPROVED if approve else FigureState.SUBMITTED
        self.stdout.write(
            f"{contract.reference}: created {counts['create']}, updated {counts['update']}, "
            f"unchanged {counts['unchanged']}, skipped {counts['skipped']} (empty value); "
            f"figures saved {state}"
        )
        if note := recompute_note(contract):
            self.stdout.write(note)
