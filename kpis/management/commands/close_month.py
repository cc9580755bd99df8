from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contracts.models import Contract
from core.periods import Month, last_month_past_deadline
from kpis.closing import month_close


class Command(BaseCommand):
    help = (
        "Close a contract's months through a month (default: the last month whose return "
        "deadline has passed), then recompute its statuses. Months never reopen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contract", required=True, metavar="REF")
        parser.add_argument("--through", metavar="YYYY-MM")

    def handle(self, *args, **options):
        contract = self.get_contract(options["contract"])
        today = timezone.localdate()
        through = self.get_through(options["through"], contract, today)
        previous = contract.closed_month
        if previous is not None and through < previous:
            raise CommandError(
                f"{contract.reference} is closed through {previous.label} and closed months "
                f"never reopen: it cannot be closed through {through.label}."
            )
        if through >= Month.from_date(today):
            raise CommandError(f"{through.label} has not ended yet: it cannot be closed.")
        if not month_close(contract=contract, through=through):
            self.stdout.write(
                f"{contract.reference} is already closed through "
                f"{contract.closed_month.label}: nothing to do."
            )
            return
        since = previous.next().label if previous else "its first month"
        self.stdout.write(
            f"Closed {contract.reference} through {through.label} "
            f"(was {previous.label if previous else 'never closed'}); "
            f"statuses recomputed from {since}."
        )

    def get_contract(self, reference: str) -> Contract:
        try:
            return Contract.objects.get(reference=reference.strip().upper())
        except Contract.DoesNotExist:
            raise CommandError(f"No contract with the reference {reference}.") from None

    def get_through(self, text: str | None, contract: Contract, today) -> Month:
        if text is None:
            return last_month_past_deadline(today, contract.return_deadline_working_days)
        try:
            return Month.parse(text)
        except ValueError as error:
            raise CommandError(f"--through: {error}") from None
