from django.core.management.base import BaseCommand
from django.db import transaction

from contracts.models import Contract
from kpis.outbox import recompute_request
from kpis.recompute import recompute_statuses

from ._common import get_contract, parse_month


class Command(BaseCommand):
    help = (
        "Rebuild KPI month statuses and summaries for one contract (or all), from "
        "--period on (or all months); with --queue, as one task per contract for the "
        "Celery workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contract", help="A contract's reference; default: every contract.")
        parser.add_argument("--period", help="YYYY-MM: rebuild this month and every later one.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand one recompute per contract to the workers (on any host) instead of "
            "recomputing here.",
        )

    def handle(self, *args, contract, period, queue, **options):
        contract = get_contract(contract) if contract else None
        period = parse_month(period) if period else None
        if queue:
            contracts = [contract] if contract else list(Contract.objects.order_by("pk"))
            with transaction.atomic():
                for each in contracts:
                    recompute_request(contract=each, period=period)
            self.stdout.write(f"Queued the recompute of {len(contracts)} contract(s).")
            return
        for run in recompute_statuses(contract=contract, period=period):
            since = f"from {run.period:%Y-%m}" if run.period else "all months"
            self.stdout.write(
                f"{run.contract.reference} ({since}): {run.rows_changed} rows changed"
            )
