from django.core.management.base import BaseCommand

from kpis.recompute import recompute_statuses

from ._common import get_contract, parse_month


class Command(BaseCommand):
    help = (
        "Rebuild KPI month statuses and summaries for one contract (or all), from "
        "--period on (or all months)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contract", help="A contract's reference; default: every contract.")
        parser.add_argument("--period", help="YYYY-MM: rebuild this month and every later one.")

    def handle(self, *args, contract, period, **options):
        contract = get_contract(contract) if contract else None
        period = parse_month(period) if period else None
        for run in recompute_statuses(contract=contract, period=period):
            since = f"from {run.period:%Y-%m}" if run.period else "all months"
            self.stdout.write(
                f"{run.contract.reference} ({since}): {run.rows_changed} rows changed"
            )
