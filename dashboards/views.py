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
from .tables import PerformanceTable, exception_group_html, summary_rows_html

BODY_CACHE_SECONDS = 24 * 60 * 60
BODY_KEY_PREFIX = "dash:"  # the cached dashboard bodies' keys begin so


@require_GET
def home(request):
    return render(request, "dashboards/home.html", {"cards": _home_cards(request)})


def _home_cards(request) -> list[str]:
    """The card of each contract the user sees, as HTML. A card is the same for everyone
    who may see the contract, so it is cached under a key that changes whenever the card
    can (`selectors.visible_home_card_markers`, which reads no contract); only the cards
    not in the cache are built, from their contracts read then."""
    markers = selectors.visible_home_card_markers(request.user)
    keys = {pk: f"card:{pk}:{marker}" for pk, marker in markers.items()}
    cards = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in cards]
    contracts = Contract.objects.filter(pk__in=missing).select_related("supplier")
    built = {}
    for card in selectors.home_cards(contracts if missing else []):
        card.chart = charts.achieved_trend_chart(card.trend)
        card.chart_id = f"trend-{card.contract.pk}"
        html = render_to_string("dashboards/_home_card.html", {"card": card}, request=request)
        built[keys[card.contract.pk]] = html
    cache.set_many(built, BODY_CACHE_SECONDS)
    cards.update(built)
    return [cards[key] for key in keys.values() if key in cards]  # (one just deleted: not)


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


def _performance_table(contract, month_range, sort, rows=None):
    if rows is None:
        rows = selectors.performance_rows(contract, month_range)
    return PerformanceTable(rows, month_range.months(), order_by=sort or None)


def _exceptions(contract, month_range, kpis=None):
    """The range's exceptions, each KPI's section already written."""
    groups = selectors.exceptions(contract, month_range, kpis=kpis)
    labels = {}  # each month's label, written once for all the groups
    for group in groups:
        group.html = exception_group_html(group, labels)
    return groups


def _cached_render(request, key: str, template: str, build, html=None) -> tuple[str, dict]:
    """`template` rendered with the context `build()` returns, kept in the cache under
    `key`, which carries a cache marker of what the template shows (for a body, the
    contract's: statuses, the closed month or submitted figures), so it is never stale.
    `html` is what the cache held, if the caller has read it already.
    Returns the HTML and, when it was built afresh, the context it was built from."""
    if html is None:
        html = cache.get(key)
    if html is not None:
        return html, {}
    context = build()
    html = render_to_string(template, context, request=request)
    cache.set(key, html, BODY_CACHE_SECONDS)
    return html, context


def _body_key(contract, month_range, sort: str, marker: str) -> str:
    return f"{BODY_KEY_PREFIX}{contract.pk}:{month_range.key}:{sort}:{marker}"


def _dashboard_body(request, contract, month_range, sort, key: str, html=None):
    """Headline, KPI Summary Performance, summary by month and exceptions."""

    def build():
        summaries = selectors.monthly_summaries(contract, month_range)
        rows = selectors.performance_rows(contract, month_range)
        return {
            "contract": contract,
            "month_range": month_range,
            "headline": selectors.headline(contract, month_range, summaries),
            "table": _performance_table(contract, month_range, sort, rows),
            "summaries": summaries,
            "summary_rows": summary_rows_html(summaries),
            "status_chart": charts.status_counts_chart(summaries),
            "exceptions": _exceptions(contract, month_range, [row.kpi for row in rows]),
        }

    return _cached_render(request, key, "dashboards/_dashboard_body.html", build, html)


def _dashboard_panels(request, contract, month_range, key: str, html=None) -> str:
    """The IMT projects' and the minutes' panels, cached under `key`, which carries
    `selectors.dashboard_markers`' marker of what they show to this user."""

    def build():
        return {
            "contract": contract,
            "imt_panel": panels.imt_panel(contract, month_range),
            "minutes_panel": panels.minutes_panel(contract, month_range, request.user),
        }

    return _cached_render(request, key, "dashboards/_panels.html", build, html)[0]


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
    markers = selectors.dashboard_markers(contract, request.user)
    body_key = _body_key(contract, month_range, sort, markers.body)
    panels_key = f"panels:{contract.pk}:{month_range.key}:{markers.panels}"
    facts_key = f"facts:{contract.pk}:{markers.facts}"
    cached = cache.get_many([body_key, panels_key, facts_key])  # one round trip for all
    body_html, body_context = _dashboard_body(
        request, contract, month_range, sort, body_key, cached.get(body_key)
    )
    remember_memberships(request.user, contract, [markers.membership] if markers.membership else [])
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
            "panels_html": _dashboard_panels(
                request, contract, month_range, panels_key, cached.get(panels_key)
            ),
            "procurement_warnings": panels.procurement_warnings(contract, manage),
            "can_read_assessments": can_read_assessments(request.user, contract),
            "facts_html": _contract_facts(request, contract, facts_key, cached.get(facts_key)),
        },
    )


def _contract_facts(request, contract, key: str, html=None) -> str:
    """The section about the contract (key facts, service areas, members), cached under
    `key`, which carries `selectors.dashboard_markers`' digest of all it shows."""

    def build():
        memberships = contract.memberships.select_related("user").prefetch_related("service_areas")
        return {
            "contract": contract,
            "service_areas": contract.service_areas.all(),
            "memberships": memberships,
        }

    return _cached_render(request, key, "contracts/_key_facts.html", build, html)[0]


@require_GET
def contract_exceptions(request, reference):
    """The exceptions of a range on their own, laid out for printing."""
    contract = get_contract_or_404(request.user, reference)
    month_range, range_errors = _dashboard_range(request, contract)
    key = f"exceptions:{contract.pk}:{month_range.key}:{selectors.cache_marker(contract)}"
    exceptions_html, exceptions_context = _cached_render(
        request,
        key,
        "dashboards/_exceptions.html",
        lambda: {
            "month_range": month_range,
            "exceptions": _exceptions(contract, month_range),
        },
    )
    return render(
        request,
        "dashboards/exceptions.html",
        {
            **exceptions_context,
            "contract": contract,
            "month_range": month_range,
            "range_errors": range_errors,
            "exceptions_html": exceptions_html,
        },
    )


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(request, "dashboards/accessibility.html")
