"""The recompute outbox: "contract C needs recomputing from month M, for KPIs K" is a row
written in the same transaction as the change that makes it necessary, then handed to
the broker once that transaction commits. The row goes only when a recompute that saw
it has succeeded, so neither a broker that is down nor a worker that dies loses a
recompute: the sweeper (`kpis.sweeper`) queues again whatever is still pending.

Requests for one contract merge: the earlier month, and the union of the KPIs (a
request for every KPI makes the merged one cover every KPI)."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from contracts.models import Contract
from core.periods import Month

from .models import RecomputeRequest, RecomputeRequestKPI, RecomputeRun
from .queue import queue_recompute
from .recompute import recompute_statuses

# One row per contract: a new request keeps the earlier month (NULL, all months, is the
# earliest), covers every KPI if either does, and takes a new token, so that a
# recompute already running does not remove it.
RECORD_SQL = """
INSERT INTO kpis_recomputerequest
    (contract_id, period, token, requested_at, dispatched_at, all_kpis)
VALUES (%(contract)s, %(period)s, 1, %(now)s, NULL, %(all_kpis)s)
ON CONFLICT (contract_id) DO UPDATE SET
    period = CASE
        WHEN kpis_recomputerequest.period IS NULL OR excluded.period IS NULL THEN NULL
        WHEN excluded.period < kpis_recomputerequest.period THEN excluded.period
        ELSE kpis_recomputerequest.period END,
    token = kpis_recomputerequest.token + 1,
    requested_at = excluded.requested_at,
    dispatched_at = NULL,
    all_kpis = kpis_recomputerequest.all_kpis OR excluded.all_kpis
RETURNING id, token, all_kpis
"""

ADD_KPIS_SQL = """
INSERT INTO kpis_recomputerequestkpi (request_id, kpi_id) VALUES {rows}
ON CONFLICT (request_id, kpi_id) DO NOTHING
"""

# Removes the request only if no newer one was merged into it meanwhile; a request
# recorded after this runs finds no row and starts a new one (a new id).
CONSUME_SQL = "DELETE FROM kpis_recomputerequest WHERE id = %s AND token = %s RETURNING id"


def _kpi_list(kpi_ids: Iterable[int] | None) -> list[int] | None:
    return None if kpi_ids is None else sorted(set(kpi_ids))


def recompute_request(
    *, contract: Contract, period: Month | None, kpi_ids: Iterable[int] | None = None
) -> None:
    """Record the request in the caller's transaction; queue it once that commits.
    `kpi_ids`: the KPIs whose statuses may have changed (None: any of the contract's)."""
    kpis = _kpi_list(kpi_ids)
    params = {
        "contract": contract.pk,
        "period": period.first_day if period else None,
        "now": timezone.now(),
        "all_kpis": kpis is None,
    }
    with connection.cursor() as cursor:
        cursor.execute(RECORD_SQL, params)
        request_id, token, all_kpis = cursor.fetchone()
        if not all_kpis and kpis:
            rows = ", ".join(["(%s, %s)"] * len(kpis))
            cursor.execute(
                ADD_KPIS_SQL.format(rows=rows), [v for kpi in kpis for v in (request_id, kpi)]
            )
    contract_id = contract.pk
    transaction.on_commit(
        lambda: recompute_dispatch(
            contract_id=contract_id, period=period, kpi_ids=kpis, token=token
        )
    )


def recompute_dispatch(
    *, contract_id: int, period: Month | None, kpi_ids: list[int] | None, token: int
) -> bool:
    """Hand the request to the broker. False when it is down: the request stays
    pending, undispatched, for the sweeper."""
    if not queue_recompute(contract_id=contract_id, period=period, kpi_ids=kpi_ids):
        return False
    RecomputeRequest.objects.filter(contract_id=contract_id, token=token).update(
        dispatched_at=timezone.now()
    )
    return True


def requested_kpis(request: RecomputeRequest) -> list[int] | None:
    """The KPIs a pending request covers; None: every KPI of the contract."""
    if request.all_kpis:
        return None
    return sorted(
        RecomputeRequestKPI.objects.filter(request=request).values_list("kpi_id", flat=True)
    )


def recompute_pending(
    *, contract: Contract, period: Month | None, kpi_ids: Iterable[int] | None = None
) -> list[RecomputeRun]:
    """Recompute from the earlier of `period` and the contract's pending request, for
    the KPIs of both (`kpi_ids` None: every KPI), then remove that request, unless a
    newer one was recorded while the recompute ran."""
    kpis = _kpi_list(kpi_ids)
    pending = RecomputeRequest.objects.filter(contract=contract).first()
    if pending is not None:
        requested = Month.from_date(pending.period) if pending.period else None
        period = None if period is None or requested is None else min(period, requested)
        pending_kpis = requested_kpis(pending)
        kpis = None if kpis is None or pending_kpis is None else sorted({*kpis, *pending_kpis})
    runs = recompute_statuses(contract=contract, period=period, kpi_ids=kpis)
    if pending is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(CONSUME_SQL, [pending.pk, pending.token])
            if cursor.fetchall():
                RecomputeRequestKPI.objects.filter(request_id=pending.pk).delete()
    return runs


def is_waiting_for_queue(contract: Contract) -> bool:
    """A recompute is requested but could not be handed to the broker yet."""
    return RecomputeRequest.objects.filter(contract=contract, dispatched_at=None).exists()
