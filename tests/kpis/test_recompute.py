import random
from datetime import date
from decimal import Decimal

import pytest

from core.periods import Month, month_range
from kpis.choices import Status
from kpis.models import ContractPeriodSummary, KPIMonthStatus, RecomputeRun
from kpis.rag import is_due, month_status, persistent_failures
from kpis.recompute import recompute_statuses
from tests.factories import (
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MitigationFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


def statuses(kpi):
    return {
        str(Month.from_date(row.period)): (
            row.status,
            row.underlying_status,
            row.persistent_failure,
        )
        for row in KPIMonthStatus.objects.filter(kpi=kpi).order_by("period")
    }


def add_figures(kpi, values, state="approved"):
    for month_text, value in values.items():
        KPIFigureFactory(
            kpi=kpi, period=Month.parse(month_text).first_day, value=D(value), state=state
        )


@pytest.fixture
def contract():
    return ContractFactory(closed_through=date(2018, 6, 1))


def test_every_status_of_a_higher_is_better_kpi(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 2, 1))
    KPITargetFactory(kpi=kpi, target=D(95), minimum=D(90))
    add_figures(kpi, {"2018-02": "95", "2018-03": "90", "2018-04": "89.99", "2018-07": "99"})
    add_figures(kpi, {"2018-06": "99"}, state="submitted")
    recompute_statuses(contract=contract)
    assert statuses(kpi) == {
        "2018-02": (Status.GREEN, Status.GREEN, False),
        "2018-03": (Status.AMBER, Status.AMBER, False),
        "2018-04": (Status.RED, Status.RED, False),
        "2018-05": (Status.MISSING, Status.MISSING, False),
        "2018-06": (Status.MISSING, Status.MISSING, False),  # submitted is not counted
        "2018-07": (Status.GREEN, Status.GREEN, False),  # open month with an approved figure
    }


def test_every_status_of_a_lower_is_better_kpi(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1), polarity="lower")
    KPITargetFactory(kpi=kpi, target=D(5), minimum=D(8))
    add_figures(kpi, {"2018-04": "5", "2018-05": "8", "2018-06": "8.01"})
    recompute_statuses(contract=contract)
    assert [s[0] for s in statuses(kpi).values()] == [Status.GREEN, Status.AMBER, Status.RED]


def test_yes_no_kpi(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 5, 1), unit="yes_no")
    KPITargetFactory(kpi=kpi, target=D(1), minimum=None)
    add_figures(kpi, {"2018-05": "1", "2018-06": "0"})
    recompute_statuses(contract=contract)
    assert [s[0] for s in statuses(kpi).values()] == [Status.GREEN, Status.RED]


def test_a_quarterly_kpi_has_rows_only_in_its_reporting_months(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2017, 12, 1), frequency="quarterly")
    KPITargetFactory(kpi=kpi)
    add_figures(kpi, {"2018-03": "99"})
    recompute_statuses(contract=contract)
    assert statuses(kpi) == {
        "2017-12": (Status.MISSING, Status.MISSING, False),
        "2018-03": (Status.GREEN, Status.GREEN, False),
        "2018-06": (Status.MISSING, Status.MISSING, False),
    }


def test_no_target_is_recorded_and_a_retired_kpi_stops(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 4, 1), retired_from=date(2018, 6, 1))
    add_figures(kpi, {"2018-04": "50"})
    recompute_statuses(contract=contract)
    assert statuses(kpi) == {
        "2018-04": (Status.NO_TARGET, Status.NO_TARGET, False),
        "2018-05": (Status.MISSING, Status.MISSING, False),
    }


def test_a_target_change_mid_year_judges_each_month_by_the_version_in_force(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi, effective_from=date(2018, 1, 1), target=D(90), minimum=D(80))
    KPITargetFactory(kpi=kpi, effective_from=date(2018, 4, 1), target=D(95), minimum=D(92))
    add_figures(kpi, dict.fromkeys(["2018-01", "2018-02", "2018-03", "2018-04", "2018-05"], "91"))
    recompute_statuses(contract=contract)
    rows = KPIMonthStatus.objects.filter(kpi=kpi).order_by("period")
    assert [(r.status, r.target) for r in rows][:5] == [
        (Status.GREEN, D(90)),
        (Status.GREEN, D(90)),
        (Status.GREEN, D(90)),
        (Status.RED, D(95)),
        (Status.RED, D(95)),
    ]


def test_a_mitigation_covers_only_its_months(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    add_figures(
        kpi, {"2018-01": "50", "2018-02": "91", "2018-03": "50", "2018-04": "99", "2018-05": "50"}
    )
    MitigationFactory(kpi=kpi, start=date(2018, 2, 1), end=date(2018, 4, 1))
    recompute_statuses(contract=contract)
    assert statuses(kpi) == {
        "2018-01": (Status.RED, Status.RED, False),
        "2018-02": (Status.MITIGATED, Status.AMBER, False),
        "2018-03": (Status.MITIGATED, Status.RED, False),
        "2018-04": (Status.GREEN, Status.GREEN, False),
        "2018-05": (Status.RED, Status.RED, False),
        "2018-06": (Status.MISSING, Status.MISSING, False),
    }


def test_an_open_ended_mitigation_covers_missing_months(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 5, 1))
    KPITargetFactory(kpi=kpi)
    MitigationFactory(kpi=kpi, start=date(2018, 5, 1), end=None)
    recompute_statuses(contract=contract)
    assert statuses(kpi) == {
        "2018-05": (Status.MITIGATED, Status.MISSING, False),
        "2018-06": (Status.MITIGATED, Status.MISSING, False),
    }


def test_persistent_failure_starts_on_the_third_red_month_and_breaks(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2017, 12, 1))
    KPITargetFactory(kpi=kpi)
    add_figures(
        kpi,
        {
            "2017-12": "1",
            "2018-01": "1",
            "2018-02": "1",
            "2018-03": "1",
            "2018-04": "99",
            "2018-05": "1",
            "2018-06": "1",
        },
    )
    recompute_statuses(contract=contract)
    assert [s[2] for s in statuses(kpi).values()] == [False, False, True, True, False, False, False]


def test_summaries_count_contractual_kpis_and_percent_achieved(contract):
    for value in ("99", "99", "91", "10"):
        kpi = KPIFactory(contract=contract, live_from=date(2018, 6, 1))
        KPITargetFactory(kpi=kpi)
        add_figures(kpi, {"2018-06": value})
    indicator = KPIFactory(contract=contract, live_from=date(2018, 6, 1), contractual=False)
    KPITargetFactory(kpi=indicator)
    add_figures(indicator, {"2018-06": "1"})
    missing = KPIFactory(contract=contract, live_from=date(2018, 6, 1))
    KPITargetFactory(kpi=missing)
    recompute_statuses(contract=contract)
    summary = ContractPeriodSummary.objects.get(contract=contract, period=date(2018, 6, 1))
    assert (summary.green, summary.amber, summary.red, summary.missing) == (2, 1, 1, 1)
    assert summary.measured == 4
    assert summary.achieved_percent == D("50.0")


def snapshot(contract):
    return list(KPIMonthStatus.objects.filter(contract=contract).order_by("kpi", "period").values())


def test_recompute_is_idempotent_and_records_its_runs(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    add_figures(kpi, {"2018-01": "50", "2018-02": "96"})
    first = recompute_statuses(contract=contract)[0]
    before = snapshot(contract)
    second = recompute_statuses(contract=contract)[0]
    assert snapshot(contract) == before
    assert first.rows_changed == 6 and second.rows_changed == 0
    assert RecomputeRun.objects.filter(outcome="succeeded").count() == 2


def test_recompute_from_a_period_rebuilds_that_month_and_later_only(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    add_figures(kpi, {"2018-01": "50", "2018-02": "50", "2018-03": "50"})
    recompute_statuses(contract=contract)
    KPIMonthStatus.objects.filter(kpi=kpi, period=date(2018, 1, 1)).update(status="green")
    kpi.figures.filter(period=date(2018, 3, 1)).update(value=D(99))
    recompute_statuses(contract=contract, period=Month(2018, 3))
    result = statuses(kpi)
    assert result["2018-01"][0] == Status.GREEN  # before the period: untouched
    assert result["2018-03"] == (Status.GREEN, Status.GREEN, False)


def test_rows_that_no_longer_apply_are_removed(contract):
    kpi = KPIFactory(contract=contract, live_from=date(2018, 1, 1))
    KPITargetFactory(kpi=kpi)
    add_figures(kpi, {"2018-08": "99"})
    recompute_statuses(contract=contract)
    assert "2018-08" in statuses(kpi)
    kpi.figures.filter(period=date(2018, 8, 1)).update(state="submitted")
    kpi.retired_from = date(2018, 4, 1)
    kpi.save()
    recompute_statuses(contract=contract)
    assert list(statuses(kpi)) == ["2018-01", "2018-02", "2018-03"]


def expected_rows(contract):
    """What rag.py says, KPI by KPI and month by month, as the recompute should store."""
    closed = contract.closed_month
    rows = {}
    for kpi in contract.kpis.prefetch_related("targets", "figures", "mitigations"):
        approved = {
            Month.from_date(f.period): f.value for f in kpi.figures.all() if f.state == "approved"
        }
        last = max([closed, *approved]) if approved else closed
        months = month_range(kpi.live_month, last)
        computed = []
        for month in months:
            due = is_due(
                month=month,
                live_from=kpi.live_month,
                retired_from=kpi.retired_month,
                frequency=kpi.frequency,
            )
            versions = [t for t in kpi.targets.all() if t.effective_month <= month]
            version = max(versions, key=lambda t: t.effective_from) if versions else None
            status, underlying = month_status(
                due=due,
                value=approved.get(month),
                closed=month <= closed,
                target=version.target if version else None,
                minimum=version.minimum if version else None,
                polarity=kpi.polarity,
                mitigated=any(m.covers(month) for m in kpi.mitigations.all()),
            )
            computed.append((month, due, status, underlying))
        flags = persistent_failures([c[2] for c in computed])
        for (month, due, status, underlying), flag in zip(computed, flags, strict=True):
            if due and (month <= closed or month in approved):
                rows[(kpi.code, str(month))] = (status, underlying, flag)
    return rows


def random_contract(rng):
    contract = ContractFactory(closed_through=date(2018, rng.randint(1, 12), 1))
    for _ in range(rng.randint(1, 6)):
        live = Month(2017, rng.randint(1, 12))
        kpi = KPIFactory(
            contract=contract,
            live_from=live.first_day,
            polarity=rng.choice(["higher", "lower"]),
            unit=rng.choice(["percent", "number"]),
            frequency=rng.choice(["monthly", "monthly", "quarterly"]),
            retired_from=live.add(rng.randint(6, 30)).first_day if rng.random() < 0.3 else None,
        )
        for offset in sorted(rng.sample(range(0, 24), rng.randint(0, 3))):
            target = D(rng.randint(0, 20))
            minimum = (
                None
                if rng.random() < 0.3
                else (
                    target - rng.randint(0, 5)
                    if kpi.polarity == "higher"
                    else target + rng.randint(0, 5)
                )
            )
            KPITargetFactory(
                kpi=kpi,
                effective_from=live.add(offset).first_day,
                target=None if rng.random() < 0.1 else target,
                minimum=minimum,
            )
        for month in month_range(live, Month(2019, 3)):
            if kpi.is_due(month) and rng.random() < 0.8:
                KPIFigureFactory(
                    kpi=kpi,
                    period=month.first_day,
                    value=D(rng.randint(-5, 25)),
                    state=rng.choice(["approved"] * 5 + ["submitted", "draft"]),
                )
        if rng.random() < 0.5:
            start = live.add(rng.randint(0, 12))
            end = start.add(rng.randint(0, 8)) if rng.random() < 0.7 else None
            MitigationFactory(kpi=kpi, start=start.first_day, end=end.first_day if end else None)
    return contract


@pytest.mark.parametrize("seed", range(25))
def test_the_set_based_recompute_agrees_with_rag_on_random_data(seed):
    contract = random_contract(random.Random(seed))
    recompute_statuses(contract=contract)
    stored = {
        (row.kpi.code, str(row.month)): (row.status, row.underlying_status, row.persistent_failure)
        for row in KPIMonthStatus.objects.filter(contract=contract).select_related("kpi")
    }
    assert stored == expected_rows(contract)
