from django.core.management.base import BaseCommand

from core.exports import SafeCSVWriter
from kpis.models import KPIMonthStatus
from kpis.values import format_number, format_value

from ._common import get_contract

COLUMNS = (
    "kpi_code",
    "period",
    "value",
    "status",
    "underlying_status",
    "target",
    "minimum",
    "persistent_failure",
)


class Command(BaseCommand):
    help = "Write a contract's KPI month statuses as CSV on stdout, by KPI code and month."

    def add_arguments(self, parser):
        parser.add_argument("--contract", required=True, help="The contract's reference.")

    def handle(self, *args, contract, **options):
        contract = get_contract(contract)
        writer = SafeCSVWriter(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        statuses = (
            KPIMonthStatus.objects.for_contract(contract)
            .select_related("kpi")
            .order_by("kpi__code", "period")
        )
        for status in statuses.iterator(chunk_size=2000):
            writer.writerow(
                (
                    status.kpi.code,
                    f"{status.period:%Y-%m}",
                    format_value(status.value, status.kpi),
                    status.status,
                    status.underlying_status,
                    format_number(status.target),
                    format_number(status.minimum),
                    "true" if status.persistent_failure else "false",
                )
            )
