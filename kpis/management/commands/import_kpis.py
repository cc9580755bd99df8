from django.core.management.base import BaseCommand, CommandError

from kpis.importing import ImportFileError, ImportRefused, commit_kpis, validate_kpis

from ._common import get_contract, read_file, recompute_note, refuse


class Command(BaseCommand):
    help = (
        "Import KPI definitions and target versions from CSV or XLSX (code, name, "
        "service_area, unit, polarity, frequency, target, minimum, effective_from), "
        "all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument("--contract", required=True, help="The contract's reference.")

    def handle(self, *args, file, contract, **options):
        contract = get_contract(contract)
        table = read_file(file)
        try:
            result = validate_kpis(contract=contract, table=table)
            if result.errors:
                raise refuse(self, file, result.errors)
            result = commit_kpis(result)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        except ImportRefused as refused:
            raise refuse(self, file, refused.errors) from None
        kpis, versions = result.kpi_counts, result.version_counts
        self.stdout.write(
            f"{contract.reference}: KPIs created {kpis['create']}, updated {kpis['update']}, "
            f"unchanged {kpis['unchanged']}; target versions created {versions['create']}, "
            f"unchanged {versions['unchanged']}; service areas created "
            f"{len(result.new_service_areas)}"
        )
        if note := recompute_note(contract):
            self.stdout.write(note)
