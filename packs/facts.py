"""The keys and references of the facts a report shows (see content.Fact).

A key names the record and what of it is shown, never a database id that a rebuild of
the same data would not find again: the contract's reference, the KPI's code and the
month; an IMT project's number; a mitigation's first month."""

from core.periods import Month

from .content import Fact


def kpi_fact(kind: str, kpi, month: Month, what: str, value: str) -> Fact:
    """A KPI-month's figure, status or target."""
    reference = kpi.contract.reference
    return Fact(
        key=f"{kind}:{reference}:{kpi.code}:{month}",
        kind=kind,
        ref={"contract": reference, "kpi": kpi.code, "month": str(month)},
        label=f"{kpi.code} {what}, {month.label}",
        value=value,
    )


def mitigation_fact(mitigation, value: str) -> Fact:
    kpi = mitigation.kpi
    reference = kpi.contract.reference
    start = mitigation.start_month
    return Fact(
        key=f"mitigation:{reference}:{kpi.code}:{start}",
        kind="mitigation",
        ref={"contract": reference, "kpi": kpi.code, "month": str(start)},
        label=f"{kpi.code} mitigation from {start.label}",
        value=value,
    )


def summary_fact(contract, what: str, months: str, label: str, value: str) -> Fact:
    """A count or % achieved over a month or a range of the contract's KPIs."""
    return Fact(
        key=f"summary:{contract.reference}:{months}:{what}",
        kind="status",
        ref={"contract": contract.reference, "months": months},
        label=label,
        value=value,
    )


def project_fact(project, what: str, label: str, value: str) -> Fact:
    return Fact(
        key=f"project:{project.number}:{what}",
        kind="project",
        ref={"project": project.number},
        label=f"Project {project.number} {label}",
        value=value,
    )
