"""The demo contract's KPI catalogue (`data/kpis.csv`) and the two mitigations the
Partnership Board agreed, loaded as the contract manager would: the catalogue through
the KPI importer, the mitigations through `kpis.services.mitigation_agree`.

The story the scrutiny board read in autumn 2018 is in the files: a poor spring and
summer 2017 in the customer service centre (abandoned calls peaked at 17.53 % in May 2017
and were down to 2.79 % by December), a few ambers and reds elsewhere in 2017, every
measured KPI green from July to September 2018, and two Adult Care Finance KPIs in
mitigation because the council's own systems, Agresso and Mosaic, were not yet
integrated. Only what is missing is added, so running it again changes nothing.
"""

from datetime import date, datetime, time
from pathlib import Path

from contracts.models import Contract
from core.periods import Month
from kpis.importing import CREATE
from kpis.models import KPI, KPITarget, Mitigation, RecomputeRequest
from kpis.outbox import recompute_pending
from kpis.services import mitigation_agree
from kpis.statistics import statistics_refresh

from .dating import LONDON, after_month, date_history
from .importing import import_catalogue

CATALOGUE = Path(__file__).resolve().parent / "data" / "kpis.csv"

# ACF_KPI_03 and ACF_KPI_04 depend on an interface between Mosaic (social care) and
# Agresso (finance) that the council had not delivered; their failures are excused from
# April 2018.
MITIGATION_REASON = (
    "Agresso and Mosaic are not yet integrated: care package changes and provider "
    "payments are re-keyed by hand from Mosaic extracts, so the supplier cannot meet this "
    "KPI until the council's interface between the two systems is live. Relief agreed "
    "until the integration is delivered."
)
MITIGATED_KPIS = ("ACF_KPI_03", "ACF_KPI_04")
MITIGATION_START = Month(2018, 4)
MITIGATION_AGREED_ON = date(2018, 4, 26)


def seed_catalogue(contract: Contract, manager) -> list[str]:
    """Import the catalogue as the manager; the KPI codes, in the file's order. Each new
    KPI and target version is dated two months before it took effect."""
    result = import_catalogue(contract=contract, path=CATALOGUE, user=manager)
    for plan in result.plans:
        kpi = plan.kpi
        if plan.action == CREATE:
            when = after_month(kpi.live_month.add(-2), 10, time(10))
            date_history(KPI, kpi.pk, when, manager)
        for row in plan.rows:
            if row.action == CREATE:
                version = kpi.targets.get(effective_from=row.effective_from.first_day)
                when = after_month(row.effective_from.add(-2), 10, time(10, 30))
                date_history(KPITarget, version.pk, when, manager)
    return [plan.kpi.code for plan in result.plans]


def seed_mitigations(contract: Contract, manager) -> None:
    for code in MITIGATED_KPIS:
        kpi = contract.kpis.get(code=code)
        if kpi.mitigations.filter(start=MITIGATION_START.first_day).exists():
            continue
        mitigation = mitigation_agree(
            kpi=kpi,
            start=MITIGATION_START,
            end=None,
            reason=MITIGATION_REASON,
            agreed_by="Partnership Board",
            agreed_on=MITIGATION_AGREED_ON,
            user=manager,
        )
        when = datetime.combine(MITIGATION_AGREED_ON, time(16), LONDON)
        date_history(Mitigation, mitigation.pk, when, manager)


def recompute_now(contract: Contract) -> None:
    """The importers and services queue the statuses' recompute for once the data is
    committed (`kpis.outbox`), for a worker; the demo computes them now, as that worker
    would, so that it is complete when `seed_demo` returns, with or without a worker.
    Nothing loaded, nothing pending: nothing to do."""
    if RecomputeRequest.objects.filter(contract=contract).exists():
        runs = recompute_pending(contract=contract, period=None)
        statistics_refresh(rows_written=sum(run.rows_changed for run in runs))
