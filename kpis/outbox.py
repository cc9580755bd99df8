"""The recompute outbox: "contract C needs recomputing from month M" is a row written in
the same transaction as the change that makes it necessary, then handed to the broker
once that transaction commits. The row goes only when a recompute that saw it has
succeeded, so neither a broker that is down nor a worker that dies loses a recompute:
the sweeper (`kpis.sweeper`) queues again whatever is still pending."""

from django.db import connection, transaction
from django.utils import timezone

from contracts.models import Contract
from core.periods import Month

from .models import RecomputeRequest, RecomputeRun
from .queue import queue_recompute
from .recompute import recompute_statuses

# One row per contract: a new request keeps the earlier month (NULL, all months, is the
# earliest) and a new token, so that a recompute already running does not remove it.
RECORD_SQL = """
INSERT INTO kpis_recomputerequest (contract_id, period, token, requested_at, dispatched_at)
VALUES (%(contract)s, %(period)s, 1, %(now)s, NULL)
ON CONFLICT (contract_id) DO UPDATE SET
    period = CASE
        WHEN kpis_recomputerequest.period IS NULL OR excluded.period IS NULL THEN NULL
        WHEN excluded.period < kpis_recomputerequest.period THEN excluded.period
        ELSE kpis_recomputerequest.period END,
    token = kpis_recomputerequest.token + 1,
    requested_at = excluded.requested_at,
    dispatched_at = NULL
RETURNING token
"""


def recompute_request(*, contract: Contract, period: Month | None) -> None:
    """Record the request in the caller's transaction; queue it once that commits."""
    params = {
        "contract": contract.pk,
        "period": period.first_day if period else None,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(RECORD_SQL, params)
        token = cursor.fetchone()[0]
    contract_id = contract.pk
    transaction.on_commit(
        lambda: recompute_dispatch(contract_id=contract_id, period=period, token=token)
    )


def recompute_dispatch(*, contract_id: int, period: Month | None, token: int) -> bool:
    """Hand the request to the broker. False when it is down: the request stays
    pending, undispatched, for the sweeper."""
    if not queue_recompute(contract_id=contract_id, period=period):
        return False
    RecomputeRequest.objects.filter(contract_id=contract_id, token=token).update(
        dispatched_at=timezone.now()
    )
    return True


def recompute_pending(*, contract: Contract, period: Month | None) -> list[RecomputeRun]:
    """Recompute from the earlier of `period` and the contract's pending request, then
    remove that request, unless a newer one was recorded while the recompute ran."""
    pending = RecomputeRequest.objects.filter(contract=contract).first()
    if pending is not None:
        requested = Month.from_date(pending.period) if pending.period else None
        period = None if period is None or requested is None else min(period, requested)
    runs = recompute_statuses(contract=contract, period=period)
    if pending is not None:
        RecomputeRequest.objects.filter(pk=pending.pk, token=pending.token).delete()
    return runs


def is_waiting_for_queue(contract: Contract) -> bool:
    """A recompute is requested but could not be handed to the broker yet."""
    return RecomputeRequest.objects.filter(contract=contract, dispatched_at=None).exists()
