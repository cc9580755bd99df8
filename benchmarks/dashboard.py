"""The dashboard benchmark: server time of the contract dashboard for a 40-KPI, 36-month
contract, cold and warm, beside a bare sign-in-required view on the same gunicorn.

The contract and its board member are built for the run in the benchmark database and
removed afterwards, so the recompute benchmark's data stays as `data.generated` expects.
"""

import random
from importlib.metadata import version
from urllib.parse import urlencode

import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.choices import Role
from contracts.models import Contract, ContractMembership, Supplier
from dashboards.ranges import MonthRange
from dashboards.views import BODY_KEY_PREFIX
from kpis.models import KPIFigure
from kpis.recompute import recompute_statuses

from . import data, server
from .report import Contender, Measure, Ratio, Section, side_by_side

REFERENCE = f"{data.REFERENCE_PREFIX}-DASHBOARD"
KPIS = 40
USERNAME = "bench-board-member"
HOME_USERNAME = "bench-home-reader"  # a board member of every generated contract
BARE_PATH = "/bench/bare/"
WARM_UP_ROUNDS = 3
RANGE = MonthRange("custom", data.FIRST_MONTH, data.CLOSED_THROUGH)
DESCRIPTION = """
Server time of the contract dashboard, `/contracts/<REF>/`, for one contract of
40 KPIs × 36 months (target versions, mitigations, reds and persistent failures,
missing months, quarterly KPIs; statuses recomputed), showing all 36 months
(`?range=custom&from={start}&to={end}`), signed in as a board member.
`dashboard_warm` asks for the same page again and again, so what the view caches (the
status-derived body: headline, KPI Summary Performance table, summary by month,
exceptions; and, under their own keys, the IMT and minutes panels and the section
about the contract) comes from Redis; `dashboard_cold` deletes the cached dashboard bodies
before each request, so the body is built and rendered again (the panels and the section
about the contract stay cached, as they do when a recompute or a submitted figure
changes the statuses; the server process stays warm: templates compiled, database
connection open). `bare_view` is a view that only
returns "ok" behind the same middleware (session read and saved, sign-in required,
CSRF, CSP): the floor under any page. Served by gunicorn as in production (one sync
worker, `DEBUG=0`, Redis cache, persistent database connections) and timed by a client
on the same machine: each time is one whole request over loopback HTTP, from sending it
to reading the last byte (the sync worker closes every connection, so each includes
opening one). `home_20_contracts` is the home page of a board member of the {contracts}
generated contracts (a card and a chart each; the cards come from the cache, as they do
until a contract's statuses, closed month, submitted figures or KPIs change). Times are
medians of {requests} interleaved rounds (bare, warm, cold, home) after {warm_up} untimed
ones. Queries are counted in-process, same settings and data. `page_kib_*`: each
page's HTML as served, uncompressed (`page_gzip_kib_*`: as sent to a browser that accepts
gzip), for the 40-KPI contract: the dashboard in its default range (the financial year
to date) and for all 36 months, the printable exceptions for 36 months, a KPI page, and
the home page of 20 contracts.
"""


def run(*, requests: int) -> Section:
    cache_location = _redis_location()
    contract, user = _build()
    home_user = _home_reader()
    figures = KPIFigure.objects.filter(kpi__contract=contract, state="approved").count()
    client, home_client = _signed_in_client(user), _signed_in_client(home_user)
    try:
        queries = _count_queries(client)
        sizes = _page_sizes(client, home_client, contract)
        with server.gunicorn() as port:
            medians = _time_requests(
                port,
                _session_cookie(client),
                _session_cookie(home_client),
                cache_location,
                requests,
            )
    finally:
        client.logout()
        home_client.logout()
        _remove(contract, user)
        home_user.delete()
        cache.clear()
    section = Section(
        "dashboard",
        "Contract dashboard",
        DESCRIPTION.strip().format(
            start=RANGE.start,
            end=RANGE.end,
            requests=requests,
            warm_up=WARM_UP_ROUNDS,
            contracts=data.CONTRACTS,
        ),
        setup=_setup(cache_location),
    )
    _fill(section, medians, queries, figures)
    section.measures += [
        Measure(f"page_{kind}_{name}", size / 1024, "KiB", meaning)
        for name, (plain, compressed, meaning) in sizes.items()
        for kind, size in (("kib", plain), ("gzip_kib", compressed))
    ]
    return section


def _redis_location() -> str:
    """The cache the server shares with this process, which empties it: Redis."""
    cache_settings = settings.CACHES["default"]
    if not cache_settings["BACKEND"].endswith("RedisCache"):
        raise SystemExit(
            "The dashboard benchmark needs a Redis cache shared with its server "
            "(BENCH_CACHE_URL=rediscache://host:port/db, a database it may empty)."
        )
    return cache_settings["LOCATION"]


def _build() -> tuple[Contract, object]:
    supplier, _ = Supplier.objects.get_or_create(name=data.SUPPLIER)
    contract = data.contract_create(
        supplier=supplier,
        reference=REFERENCE,
        title="Dashboard benchmark contract",
        kpis=KPIS,
        rng=random.Random(data.SEED),
        ahead=False,
    )
    recompute_statuses(contract=contract)
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    ContractMembership.objects.create(user=user, contract=contract, role=Role.BOARD_MEMBER)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return contract, user


def _home_reader():
    """A board member of every generated contract: the home page shows a card each."""
    user, _ = get_user_model().objects.get_or_create(username=HOME_USERNAME)
    ContractMembership.objects.bulk_create(
        ContractMembership(user=user, contract=contract, role=Role.BOARD_MEMBER)
        for contract in Contract.objects.filter(reference__in=data.references())
    )
    return user


def _page_sizes(client: Client, home_client: Client, contract) -> dict:
    """Name -> (bytes of HTML, bytes gzipped as sent, what the page is)."""
    kpi = contract.kpis.order_by("code").first()
    pages = {
        "dashboard": (client, reverse("contract_dashboard", args=[REFERENCE]), "default range"),
        "dashboard_36_months": (client, _dashboard_path(), "all 36 months"),
        "exceptions_36_months": (
            client,
            f"{reverse('contract_exceptions', args=[REFERENCE])}?{_range_query()}",
            "printable exceptions, 36 months",
        ),
        "kpi_page": (client, kpi.get_absolute_url(), "one KPI, 36 months"),
        "home_20_contracts": (home_client, reverse("home"), "20 contracts"),
    }
    sizes = {}
    for name, (reader, path, meaning) in pages.items():
        plain = reader.get(path)
        compressed = reader.get(path, HTTP_ACCEPT_ENCODING="gzip")
        if plain.status_code != 200 or compressed.get("Content-Encoding") != "gzip":
            raise SystemExit(f"GET {path} did not answer a compressed 200")
        sizes[name] = (len(plain.content), len(compressed.content), meaning)
    return sizes


def _signed_in_client(user) -> Client:
    """A test client signed in as `user`; its session also signs in the requests to the
    server, which shares the database."""
    client = Client(HTTP_HOST=server.HOST)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _session_cookie(client: Client) -> str:
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def _remove(contract: Contract, user) -> None:
    # Deleting is tidying up, not an edit anyone made: leave no history rows behind.
    # KPIs first: they protect their service areas.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        contract.kpis.all().delete()
        contract.delete()
        user.delete()


def _range_query() -> str:
    return urlencode({"range": RANGE.kind, "from": RANGE.start, "to": RANGE.end})


def _dashboard_path() -> str:
    return f"{reverse('contract_dashboard', args=[REFERENCE])}?{_range_query()}"


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return len(captured)


def _count_queries(client: Client) -> dict[str, int]:
    """Queries of each kind of request, after one request has warmed the process."""
    path = _dashboard_path()
    client.get(path)
    cache.clear()
    counts = {"dashboard_cold": _queries(client, path), "dashboard_warm": _queries(client, path)}
    with override_settings(ROOT_URLCONF="benchmarks.bench_urls"):
        counts["bare_view"] = _queries(client, BARE_PATH)
    return counts


def _check_page(page: bytes, cache_location: str) -> None:
    """The page is the 36-month dashboard of every KPI, and the server caches its table
    where the benchmark empties it (else `dashboard_cold` would not be cold)."""
    text = page.decode()
    for expected in (f"KPI Summary Performance, {RANGE.label}", f"KPI_{KPIS - 1:03d}"):
        if expected not in text:
            raise SystemExit(f"The dashboard does not show “{expected}”")
    if not redis.Redis.from_url(cache_location).dbsize():
        raise SystemExit(f"The server did not cache the table in {cache_location}")


def _time_requests(port: int, cookie: str, home_cookie: str, cache_location: str, requests):
    """Median seconds of each request."""
    client = server.SignedInClient(port, cookie)
    home_client = server.SignedInClient(port, home_cookie)
    path = _dashboard_path()
    try:
        cache.clear()
        page = client.get(path)
        _check_page(page, cache_location)
        medians = side_by_side(
            {
                "bare_view": Contender(lambda: client.get(BARE_PATH)),
                "dashboard_warm": Contender(lambda: client.get(path)),
                "dashboard_cold": Contender(
                    lambda: client.get(path), prepare=lambda: _forget_bodies(cache_location)
                ),
                "home_20_contracts": Contender(lambda: home_client.get("/")),
            },
            runs=requests,
            warm_up=WARM_UP_ROUNDS,
        )
    finally:
        client.close()
        home_client.close()
    return medians


def _forget_bodies(cache_location: str) -> None:
    """Delete the cached dashboard bodies, and only them: the home page's cards, timed in
    the same rounds, stay cached as they would."""
    server = redis.Redis.from_url(cache_location)
    keys = list(server.scan_iter(match=f"*{BODY_KEY_PREFIX}*"))
    if keys:
        server.delete(*keys)


def _setup(cache_location: str) -> list[tuple[str, str]]:
    redis_version = redis.Redis.from_url(cache_location).info("server")["redis_version"]
    return [
        ("server", f"gunicorn {version('gunicorn')}, 1 sync worker, same machine"),
        ("cache", f"Redis {redis_version}"),
    ]


def _fill(section: Section, medians: dict, queries: dict, figures: int):
    warm, cold, bare, home = (
        medians[n] for n in ("dashboard_warm", "dashboard_cold", "bare_view", "home_20_contracts")
    )
    months = len(RANGE.months())
    section.measures = [
        Measure("dashboard_figures", figures, "rows", f"approved figures, {KPIS} KPIs"),
        Measure("dashboard_warm", warm * 1000, "ms", f"{months} months, cached body from Redis"),
        Measure("dashboard_cold", cold * 1000, "ms", "the same, cache emptied first"),
        Measure("bare_view", bare * 1000, "ms", "sign-in-required view returning “ok”"),
        Measure("home_20_contracts", home * 1000, "ms", "home page, 20 contracts"),
        Measure("dashboard_warm_queries", queries["dashboard_warm"], "queries", "per request"),
        Measure("dashboard_cold_queries", queries["dashboard_cold"], "queries", "per request"),
        Measure(
            "bare_view_queries", queries["bare_view"], "queries", "session read and saved, user"
        ),
    ]
    section.ratios = [
        Ratio("dashboard_warm", "bare_view", warm / bare, "aim: at most 3x"),
        Ratio("dashboard_cold", "bare_view", cold / bare, "aim: at most 10x"),
        Ratio("home_20_contracts", "bare_view", home / bare, "aim: at most 3x"),
    ]
