"""The report sections about IMT projects: Appendix A (the top 20 priority projects)
and the benefit realisation review."""

from core.formatting import format_date

from .choices import SectionKind
from .content import Numbering, Section
from .facts import project_fact
from .reports import Scope
from .selectors import benefits_of, priority_projects

APPENDIX_TITLE = "Top 20 priority IMT projects"


def revision_text(revision) -> str:
    text = (
        f"{format_date(revision.previous_date)} to {format_date(revision.new_date)}: "
        f"{revision.reason}"
    )
    return f"{text} ({revision.reported_to})" if revision.reported_to else text


def _project_facts(project) -> list:
    values = {
        "priority": ("priority", str(project.priority)),
        "stage": ("stage", project.stage_label or "No update yet"),
        "rag": ("RAG", project.rag_label or "No update yet"),
        "go_live": ("target go-live", format_date(project.target_go_live)),
        "revisions": (
            "go-live revisions",
            "; ".join(revision_text(r) for r in project.revisions.all()) or "None",
        ),
        "third_party": ("third-party dependency", project.third_party_dependency or "None"),
    }
    return [project_fact(project, what, label, value) for what, (label, value) in values.items()]


def imt_appendix_section(scope: Scope, numbering: Numbering) -> Section:
    """Appendix A: priority, stage, RAG, target go-live, every revision with its reason
    and the third-party dependency of each top-20 project; stage and RAG as reported for
    the report's last month."""
    projects = priority_projects(scope.contract, scope.month_range.end.last_day)
    label = numbering.appendix()
    return Section(
        kind=SectionKind.IMT_APPENDIX,
        heading=f"{label} — {APPENDIX_TITLE}",
        template="packs/sections/imt_appendix.html",
        context={
            "appendix_label": label,
            "projects": [
                {"project": p, "revisions": [revision_text(r) for r in p.revisions.all()]}
                for p in projects
            ],
            "month_range": scope.month_range,
        },
        labels=[label],
        facts=[fact for project in projects for fact in _project_facts(project)],
    )


def benefits_section(scope: Scope, numbering: Numbering) -> Section:
    benefits = benefits_of(scope.contract)
    label = numbering.table()
    facts = [
        project_fact(
            benefit.project,
            f"benefit:{benefit.pk}",
            f"benefit “{benefit.measure}”",
            f"{benefit.get_status_display()}; realised: {benefit.realised or 'not yet'}",
        )
        for benefit in benefits
    ]
    return Section(
        kind=SectionKind.BENEFITS,
        heading=SectionKind.BENEFITS.label,
        template="packs/sections/benefits.html",
        context={"table_label": label, "benefits": benefits},
        labels=[label],
        facts=facts,
    )
