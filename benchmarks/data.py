"""Benchmark data: 20 contracts × 150 KPIs × 36 months, about 100,000 figures.

The shape of a large council's contracts: mostly monthly percent KPIs, a tenth reported
quarterly, a quarter where lower is better, a few yes/no; some KPIs going live late or
retired early; a fifth with a second target version; a few with no target;
mitigations, some open-ended; about 80 % of months green, with amber and red ones and
runs of red that make persistent failures; some months with no figure, or a figure
still submitted or in draft; and, in a quarter of the contracts, approved figures for
the month after the last closed one. Deterministic: the same seed gives the same data.
`contract_create` builds one contract of that shape (the dashboard benchmark's).
"""

import random
from decimal import Decimal

from django.db import connection

from contracts.models import Contract, ServiceArea, Supplier
from core.periods import Month, month_range
from kpis.models import KPI, KPIFigure, KPITarget, Mitigation
from kpis.statistics import statistics_refresh

SEED = 2018
FIRST_MONTH = Month(2015, 4)
MONTHS = 36
CLOSED_THROUGH = FIRST_MONTH.add(MONTHS - 1)  # March 2018
TARGET_CHANGE = FIRST_MONTH.add(18)
CENT = Decimal("0.01")
BATCH = 5000
CONTRACTS = 20
KPIS_PER_CONTRACT = 150
REFERENCE_PREFIX = "BENCH"
SUPPLIER = "Benchmark Services Ltd"


def reset() -> None:
    """Delete all contracts and what hangs off them. Refuses unless every contract in
    the database is the benchmark's own: DATABASE_URL may point at a real one."""
    other = Contract.objects.exclude(reference__startswith=REFERENCE_PREFIX).first()
    if other is not None:
        database = connection.settings_dict["NAME"]
        raise SystemExit(
            f"{database} holds contracts that are not the benchmark's (e.g. "
            f"{other.reference}); the benchmark empties its database, so give it one of its "
            "own in DATABASE_URL."
        )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE contracts_supplier, contracts_contract CASCADE")


def references() -> set[str]:
    """The generated contracts' references."""
    return {f"{REFERENCE_PREFIX}{n:02d}" for n in range(CONTRACTS)}


def generated() -> bool:
    """Whether the database holds the benchmark's contracts and nothing else."""
    return set(Contract.objects.values_list("reference", flat=True)) == references()


def generate() -> int:
    """Write the data; returns the number of figures."""
    rng = random.Random(SEED)
    supplier = Supplier.objects.create(name=SUPPLIER)
    for number in range(CONTRACTS):
        contract_create(
            supplier=supplier,
            reference=f"{REFERENCE_PREFIX}{number:02d}",
            title=f"Benchmark contract {number}",
            kpis=KPIS_PER_CONTRACT,
            rng=rng,
            ahead=number % 4 == 0,
        )
    figures = KPIFigure.objects.count()
    statistics_refresh(rows_written=figures)  # as every bulk load does
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")  # the visibility map, for index-only scans
    return figures


def contract_create(
    *, supplier: Supplier, reference: str, title: str, kpis: int, rng: random.Random, ahead: bool
) -> Contract:
    """One contract of `kpis` KPIs shaped as the module says, months closed through
    CLOSED_THROUGH; `ahead`: approved figures for some KPIs in the month after."""
    contract = Contract.objects.create(
        reference=reference,
        title=title,
        authority="Benchmark County Council",
        supplier=supplier,
        start_date=FIRST_MONTH.first_day,
        closed_through=CLOSED_THROUGH.first_day,
        auto_close_months=False,
    )
    areas = ServiceArea.objects.bulk_create(
        ServiceArea(contract=contract, name=f"Area {a}", code=f"a{a}", sort_order=a)
        for a in range(5)
    )
    numbered = list(
        enumerate(KPI.objects.bulk_create(_kpi(contract, areas, j) for j in range(kpis)))
    )
    KPITarget.objects.bulk_create(t for j, kpi in numbered for t in _targets(kpi, j))
    Mitigation.objects.bulk_create(m for j, kpi in numbered for m in _mitigations(kpi, j))
    rows = [f for j, kpi in numbered for f in _figures(kpi, j, rng, ahead=ahead)]
    KPIFigure.objects.bulk_create(rows, batch_size=BATCH)
    return contract


def _kpi(contract: Contract, areas: list[ServiceArea], j: int) -> KPI:
    yes_no = j % 25 == 0
    return KPI(
        contract=contract,
        service_area=areas[j % len(areas)],
        code=f"KPI_{j:03d}",
        name=f"Indicator {j}",
        unit="yes_no" if yes_no else ("number" if j % 7 == 2 else "percent"),
        polarity="lower" if j % 4 == 3 and not yes_no else "higher",
        frequency="quarterly" if j % 10 == 9 else "monthly",
        contractual=j % 15 != 14,
        live_from=(FIRST_MONTH.add(12) if j % 20 == 7 else FIRST_MONTH).first_day,
        retired_from=FIRST_MONTH.add(30).first_day if j % 50 == 11 else None,
    )


def _levels(kpi: KPI, stricter: bool) -> tuple[Decimal, Decimal | None]:
    if kpi.unit == "yes_no":
        return Decimal(1), None
    if kpi.polarity == "lower":
        return (Decimal(4), Decimal(7)) if stricter else (Decimal(5), Decimal(8))
    return (Decimal(97), Decimal(92)) if stricter else (Decimal(95), Decimal(90))


def _targets(kpi: KPI, j: int) -> list[KPITarget]:
    if j % 50 == 13:
        return [KPITarget(kpi=kpi, effective_from=kpi.live_from, target=None, minimum=None)]
    target, minimum = _levels(kpi, stricter=False)
    versions = [KPITarget(kpi=kpi, effective_from=kpi.live_from, target=target, minimum=minimum)]
    if j % 5 == 1 and kpi.live_from < TARGET_CHANGE.first_day:
        target, minimum = _levels(kpi, stricter=True)
        versions.append(
            KPITarget(
                kpi=kpi, effective_from=TARGET_CHANGE.first_day, target=target, minimum=minimum
            )
        )
    return versions


def _mitigations(kpi: KPI, j: int) -> list[Mitigation]:
    common = {"kpi": kpi, "reason": "Benchmark relief", "agreed_by": "Partnership Board"}
    if j % 33 == 5:
        start, end = FIRST_MONTH.add(6), FIRST_MONTH.add(11)
        return [
            Mitigation(
                start=start.first_day, end=end.first_day, agreed_on=start.first_day, **common
            )
        ]
    if j % 40 == 21:
        start = FIRST_MONTH.add(24)
        return [Mitigation(start=start.first_day, end=None, agreed_on=start.first_day, **common)]
    return []


def _value(kpi: KPI, outcome: str, rng: random.Random) -> Decimal:
    if kpi.unit == "yes_no":
        return Decimal(0 if outcome == "red" else 1)
    target, minimum = _levels(kpi, stricter=True)
    if kpi.polarity == "lower":
        low, high = {"green": (0, 4), "amber": (5.01, 7), "red": (8.01, 30)}[outcome]
    else:
        low, high = {"green": (97, 100), "amber": (92, 94.99), "red": (50, 89.99)}[outcome]
    return Decimal(str(rng.uniform(low, high))).quantize(CENT)


def _outcome(j: int, index: int, rng: random.Random) -> str:
    if j % 20 == 3 and 9 <= index <= 14:  # a run of red: persistent failure
        return "red"
    draw = rng.random()
    return "green" if draw < 0.8 else ("amber" if draw < 0.9 else "red")


def _state(index: int, rng: random.Random) -> str:
    draw = rng.random()
    if index == MONTHS - 1 and draw < 0.05:
        return "submitted"
    return "draft" if draw > 0.995 else "approved"


def _figures(kpi: KPI, j: int, rng: random.Random, ahead: bool) -> list[KPIFigure]:
    last = CLOSED_THROUGH.add(1) if ahead and j % 2 == 0 else CLOSED_THROUGH
    rows = []
    for month in month_range(Month.from_date(kpi.live_from), last):
        if not kpi.is_due(month) or rng.random() < 0.015:  # 1.5 % never returned
            continue
        index = month.months_since(FIRST_MONTH)
        rows.append(
            KPIFigure(
                kpi=kpi,
                period=month.first_day,
                value=_value(kpi, _outcome(j, index, rng), rng),
                state=_state(index, rng),
            )
        )
    return rows
