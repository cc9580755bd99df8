from celery import shared_task

from contracts.models import Contract
from contracts.periods import Month

from .recompute import recompute_statuses


@shared_task(acks_late=True)
def recompute_statuses_task(contract_id: int, period: str | None = None) -> int:
    contract = Contract.objects.get(pk=contract_id)
    runs = recompute_statuses(contract=contract, period=Month.parse(period) if period else None)
    return sum(run.rows_changed for run in runs)
