"""The outbox carries the KPIs a change touched: requests for one contract merge their
KPIs (any request for every KPI makes the merged one cover every KPI), and the recompute
that consumes them rebuilds those KPIs only."""

from datetime import date
from decimal import Decimal

import pytest

from core.periods import Month
from kpis import services
from kpis.choices import FigureState, Status
from kpis.models import KPIMonthStatus, RecomputeRequest, RecomputeRequestKPI, RecomputeRun
from kpis.outbox import recompute_pending, recompute_request, requested_kpis
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory, KPITargetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]
D = Decimal


@pytest.fixture
def contract():
    return ContractFactory(closed_through=date(2018, 9, 1))


@pytest.fixture
def kpis(contract):
    kpis = [KPIFactory(contract=contract, live_from=date(2018, 4, 1)) for _ in range(3)]
    for kpi in kpis:
        KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90), effective_from=date(2018, 4, 1))
    return kpis


def pending(contract):
    return RecomputeRequest.objects.get(contract=contract)


def test_requests_merge_the_kpis_they_touch(contract, kpis):
    a, b, c = kpis
    recompute_request(contract=contract, period=Month(2018, 9), kpi_ids=[a.pk])
    recompute_request(contract=contract, period=Month(2018, 6), kpi_ids=[b.pk, a.pk])
    assert requested_kpis(pending(contract)) == sorted([a.pk, b.pk])
    assert pending(contract).period == date(2018, 6, 1)

    recompute_request(contract=contract, period=Month(2018, 8))  # every KPI
    recompute_request(contract=contract, period=Month(2018, 8), kpi_ids=[c.pk])
    assert requested_kpis(pending(contract)) is None


def test_the_recompute_rebuilds_only_the_requested_kpis_and_consumes_the_request(contract, kpis):
    a, b, _ = kpis
    recompute_pending(contract=contract, period=None)  # every KPI missing from April
    KPIMonthStatus.objects.filter(kpi=b).update(status=Status.GREEN)  # b: left alone below
    KPIFigureFactory(kpi=a, period=date(2018, 7, 1), value=D(99), state=FigureState.APPROVED)
    recompute_request(contract=contract, period=Month(2018, 7), kpi_ids=[a.pk])

    run = recompute_pending(contract=contract, period=Month(2018, 9), kpi_ids=[a.pk])[0]

    assert (run.kpi_count, run.period) == (1, date(2018, 7, 1))
    assert KPIMonthStatus.objects.get(kpi=a, period=date(2018, 7, 1)).status == Status.GREEN
    assert set(KPIMonthStatus.objects.filter(kpi=b).values_list("status", flat=True)) == {
        Status.GREEN
    }
    assert not RecomputeRequest.objects.exists()
    assert not RecomputeRequestKPI.objects.exists()


def test_approving_figures_requests_their_kpis_from_the_earliest_month(
    contract, kpis, officer, manager
):
    a, b, _ = kpis
    figures = [
        KPIFigureFactory(
            kpi=kpi,
            period=month,
            state=FigureState.SUBMITTED,
            entered_by=officer,
            submitted_by=officer,
        )
        for kpi, month in ((a, date(2018, 8, 1)), (b, date(2018, 5, 1)))
    ]
    services.figures_approve(figures=figures, user=manager)
    request = pending(contract)
    assert (request.period, requested_kpis(request)) == (date(2018, 5, 1), sorted([a.pk, b.pk]))
    assert not RecomputeRun.objects.exists()  # queued after commit, not run inside
