"""Panels that later apps add to the contract dashboard. Each returns the context its
template needs, or None when there is nothing to show."""


def imt_panel(contract, month_range):
    """Top-20 progress for the contract: counts by stage and RAG (latest updates) and the
    go-live revisions recorded in the range. Two queries, whatever the project count."""
    from django.urls import reverse

    from core.colours import Colour
    from imt_projects.choices import RAG, RAG_COLOURS, STAGE_COLOURS, Stage
    from imt_projects.models import GoLiveRevision, IMTProject
    from imt_projects.tables import describe_days

    top = list(
        IMTProject.objects.filter(contract=contract)
        .top_priorities()
        .with_latest_update()
        .values_list("latest_stage", "latest_rag")
    )
    moved = list(
        GoLiveRevision.objects.filter(project__contract=contract)
        .recorded_between(month_range.start.first_day, month_range.end.last_day)
        .select_related("project")
        .order_by("recorded_at", "pk")
    )
    if not top and not moved:
        return None
    stages = [stage for stage, _ in top]
    rags = [rag for _, rag in top]

    def counts(values, choices, colours):
        rows = [
            {"label": c.label, "colour": colours[c], "count": values.count(c)}
            for c in choices
            if c in values
        ]
        if None in values:
            rows.append(
                {
                    "label": "No update yet",
                    "colour": Colour.GREY,
                    "count": values.count(None),
                }
            )
        return rows

    return {
        "by_stage": counts(stages, Stage, STAGE_COLOURS),
        "by_rag": counts(rags, RAG, RAG_COLOURS),
        "moved": [{"revision": r, "slippage": describe_days(r.slippage_days)} for r in moved],
        "range_label": month_range.label,
        "portfolio_url": reverse("imt_projects:portfolio"),
    }


def minutes_panel(contract, month_range, user):
    # The next meeting after the range shown: the one that will review these months.
    from minutes.selectors import contract_panel

    return contract_panel(contract, month_range.end.last_day, user)


def procurement_warnings(contract, manage: bool) -> list:
    """For the contract's managers: too few published KPIs, an assessment due soon or
    overdue (procurement.selectors.contract_warnings)."""
    if not manage:
        return []
    from django.urls import reverse
    from django.utils import timezone

    from procurement.selectors import contract_warnings

    url = reverse("procurement:list", args=[contract.reference])
    return contract_warnings(contract, timezone.localdate(), url=url)
