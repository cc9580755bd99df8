from django.core.management.base import BaseCommand, CommandError

from core.exports import SafeCSVWriter
from core.periods import Month
from kpis.management.commands._common import get_contract
from procurement.selectors import proposals

COLUMNS = ("kpi_code", "rating", "green", "amber", "red", "missing", "mitigated")


class Command(BaseCommand):
    help = (
        "Print as CSV the rating Oversight proposes for each of a contract's published KPIs "
        "over a period (rating as the OCDS measureClassification id). Saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contract", required=True, help="The contract's reference.")
        parser.add_argument("--from", dest="start", required=True, help="First month, YYYY-MM.")
        parser.add_argument("--to", dest="end", required=True, help="Last month, YYYY-MM.")

    def handle(self, *args, contract, start, end, **options):
        contract = get_contract(contract)
        start, end = _month("--from", start), _month("--to", end)
        if end < start:
            raise CommandError(f"--to ({end}) is before --from ({start}).")
        writer = SafeCSVWriter(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in proposals(contract, start, end):
            found = row.proposal
            writer.writerow(
                (
                    row.kpi.code,
                    found.rating.value,
                    found.green,
                    found.amber,
                    found.red,
                    found.missing,
                    found.mitigated,
                )
            )


def _month(option: str, text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as error:
        raise CommandError(f"{option} {text}: {error}.") from None
