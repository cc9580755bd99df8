from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from contracts.models import Contract
from contracts.permissions import can_manage, get_contract_or_404, remember_memberships
from core.exports import export_table
from procurement.permissions import can_read as can_read_assessments

from . import charts, panels, selectors
from .ranges import CHOICES, resolve_range
from .tables import PerformanceTable

BODY_CACHE_SECONDS = 24 * 60 * 60


@require_GET
def home(request):
    contracts = Contract.objects.visible_to(request.user).select_related("supplier")
    cards = selectors.home_cards(contracts)
    for card in cards:
        card.chart = charts.achieved_trend_chart(card.trend)
        card.chart_id = f"trend-{card.contract.pk}"
    return render(request, "dashboards/home.html", {"cards": cards})


def _dashboard_range(request, contract):
    return resolve_range(selectors.anchor_month(contract), request.GET)


def _dashboard_sort(request) -> str:
    """The sort asked for if the table knows it. Only the range and this sort reach the
    page's links: the body is cached and shared, so nothing else a visitor put in the
    address may end up in it (or in the next visitor's links)."""
    sort = request.GET.get("sort", "")
    return sort if sort in PerformanceTable.SORTS else ""


def _links_query(month_range, sort: str) -> str:
    return f"{month_range.querystring}&sort={sort}" if sort else month_range.querystring


def _performance_table(contract, month_range, sort):
    rows = selectors.performance_rows(contract, month_range)
    return PerformanceTable(rows, month_range.months(), order_by=sort or None)


def _dashboard_body(request, contract, month_range, sort):
    """Headline, KPI Summary Performance, summary by month and exceptions: everything
    here changes only when statuses, the closed month or submitted figures do, so the
    rendering is cached under a key that changes with them, and is never stale.
    Returns the HTML and, when it was built afresh, the context it was built from."""
    key = f"dash:{contract.pk}:{month_range.key}:{sort}:{selectors.cache_marker(contract)}"
    html = cache.get(key)
    if html is not None:
        return html, {}
    summaries = selectors.monthly_summaries(contract, month_range)
    context = {
        "contract": contract,
        "month_range": month_range,
        "headline": selectors.headline(contract, month_range),
        "table": _performance_table(contract, month_range, sort),
        "summaries": summaries,
        "status_chart": charts.status_counts_chart(summaries),
        "exceptions": selectors.exceptions(contract, month_range),
    }
    html = render_to_string("dashboards/_dashboard_body.html", context, request=request)
    cache.set(key, html, BODY_CACHE_SECONDS)
    return html, context


@require_GET
def contract_dashboard(request, reference):
    contract = get_contract_or_404(request.user, reference)
    month_range, range_errors = _dashboard_range(request, contract)
    sort = _dashboard_sort(request)
    export_format = request.GET.get("export")
    if export_format in ("csv", "xlsx"):
        table = _performance_table(contract, month_range, sort)
        name = f"{contract.reference}-kpi-summary-{month_range.start}-to-{month_range.end}"
        return export_table(table, export_format, name)
    body_html, body_context = _dashboard_body(request, contract, month_range, sort)
    memberships = list(
        contract.memberships.select_related("user").prefetch_related("service_areas")
    )
    remember_memberships(request.user, contract, memberships)
    manage = can_manage(request.user, contract)
    return render(
        request,
        "dashboards/contract_dashboard.html",
        {
            **body_context,
            "contract": contract,
            "month_range": month_range,
            "range_errors": range_errors,
            "range_choices": CHOICES,
            "body_html": body_html,
            "export_query": _links_query(month_range, sort),
            "can_manage": manage,
            "awaiting_review": selectors.awaiting_review(contract) if manage else None,
            "imt_panel": panels.imt_panel(contract, month_range),
            "minutes_panel": panels.minutes_panel(contract, month_range, request.user),
            "procurement_warnings": panels.procurement_warnings(contract, manage),
            "can_read_assessments": can_read_assessments(request.user, contract),
            "service_areas": contract.service_areas.all(),
            "memberships": memberships,
        },
    )


@require_GET
def contract_exceptions(request, reference):
    """The exceptions of a range on their own, laid out for printing."""
    contract = get_contract_or_404(request.user, reference)
    month_range, range_errors = _dashboard_range(request, contract)
    return render(
        request,
        "dashboards/exceptions.html",
        {
            "contract": contract,
            "month_range": month_range,
            "range_errors": range_errors,
            "exceptions": selectors.exceptions(contract, month_range),
        },
    )


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(request, "dashboards/accessibility.html")
