"""The load test: Oversight under many people at once, served by gunicorn as in
production, driven by locust (`benchmarks/locustfile.py`) over loopback HTTP.

Built for the run and removed afterwards: 20 contracts of 60 KPIs × 36 months (the
benchmark data's shape), a board with meetings, items and actions about them, and 30
people who sign in through the sign-in form: 18 board members, 8 officers and 4 clerks.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings

from contracts.choices import CLERKS_GROUP, Role
from contracts.models import Contract, ContractMembership, Supplier
from kpis.models import KPI, KPIFigure
from kpis.recompute import recompute_statuses
from minutes.choices import ActionStatus, BoardKind, MeetingStatus
from minutes.models import Action, AgendaItem, Board, Meeting

from . import data, server
from .report import Measure, Ratio, Section

CONTRACTS = 20
KPIS = 60
PEOPLE = {"board": 18, "officer": 8, "clerk": 4}  # 60 %, 25 %, 15 % of 30
ROLES = {"board": Role.BOARD_MEMBER, "officer": Role.OFFICER}
PREFIX = f"{data.REFERENCE_PREFIX}-LOAD"
USERNAME_PREFIX = "bench-load-"
PASSWORD = "bench-load-not-a-secret-7f3a"
BOARD_NAME = "Benchmark Partnership Board"
MEETINGS = 12
# As in production (docs/deployment.md): two sync workers per core.
WORKERS = 2 * (os.cpu_count() or 1)
SIGN_IN_ALLOWANCE_SECONDS = 180
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
MIXED_CLASSES = ["BoardMember", "Officer", "Clerk"]

DESCRIPTION = """
Oversight under {people} people at once: gunicorn as in production ({workers} sync
workers, `DEBUG=0`, Redis cache, the production middleware including GZip), driven by
locust {locust} (headless, on the same machine, loopback HTTP) over {contracts}
contracts of {kpis} KPIs × 36 months. Everyone signs in through the sign-in form first;
timing starts once all have. Board members ({board}) read the home page, their
contract's dashboard and its KPI pages; officers ({officer}) open the month's return and
save it as a draft (every row, new values each time); clerks ({clerk}) read the meetings,
a meeting and the actions. `load_bare_rps`: the same people asking only for the bare
sign-in-required view, back to back; `load_mixed_rps`: the mix above, back to back (zero
think time): the capacity. `load_p95_30users` and `load_errors`: the mix with 0.5–1.5 s
of think time between requests, as people work. Each run lasts {seconds} s; locust
shares the machine's {cores} cores with the server, the database and Redis.
"""


def run(*, seconds: int) -> Section:
    contracts = _build_contracts()
    accounts = _build_people(contracts)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            accounts_file = Path(scratch) / "accounts.json"
            accounts_file.write_text(json.dumps(accounts))
            with server.gunicorn(workers=WORKERS) as port:
                runs = {
                    "bare": _locust(port, accounts_file, scratch, ["BareViewer"], False, seconds),
                    "mixed": _locust(port, accounts_file, scratch, MIXED_CLASSES, False, seconds),
                    "think": _locust(port, accounts_file, scratch, MIXED_CLASSES, True, seconds),
                }
    finally:
        _remove(contracts)
    section = Section(
        "load",
        "Load test",
        DESCRIPTION.strip().format(
            people=sum(PEOPLE.values()),
            workers=WORKERS,
            locust=version("locust"),
            contracts=CONTRACTS,
            kpis=KPIS,
            seconds=seconds,
            cores=os.cpu_count(),
            **PEOPLE,
        ),
        setup=[("server", f"gunicorn {version('gunicorn')}, {WORKERS} sync workers")],
    )
    _fill(section, runs)
    return section


def _build_contracts() -> list[Contract]:
    supplier, _ = Supplier.objects.get_or_create(name=data.SUPPLIER)
    rng = random.Random(data.SEED)
    contracts = []
    for number in range(CONTRACTS):
        contract = data.contract_create(
            supplier=supplier,
            reference=f"{PREFIX}{number:02d}",
            title=f"Load test contract {number}",
            kpis=KPIS,
            rng=rng,
            ahead=False,
        )
        recompute_statuses(contract=contract)
        contracts.append(contract)
    _build_minutes(contracts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return contracts


def _build_minutes(contracts: list[Contract]) -> None:
    """A monthly board: meetings with an item about each of three contracts, two actions
    an item."""
    board = Board.objects.create(name=BOARD_NAME, kind=BoardKind.PARTNERSHIP)
    first = data.CLOSED_THROUGH.add(1 - MEETINGS).first_day
    meetings = Meeting.objects.bulk_create(
        Meeting(
            board=board,
            date=first.replace(day=20) + timedelta(days=31 * n),
            status=MeetingStatus.MINUTES_CONFIRMED,
            chair="Cllr Benchmark",
        )
        for n in range(MEETINGS)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=i + 1,
            title=f"Performance of {contracts[(m * 3 + i) % CONTRACTS].reference}",
            contract=contracts[(m * 3 + i) % CONTRACTS],
            minutes="The board noted the report.",
        )
        for m, meeting in enumerate(meetings)
        for i in range(3)
    )
    Action.objects.bulk_create(
        Action(
            agenda_item=item,
            description=f"Report back on action {a + 1} of item {item.number}",
            owner="Contract manager",
            due_date=item.meeting.date + timedelta(days=28),
            status=ActionStatus.OPEN if a else ActionStatus.DONE,
        )
        for item in items
        for a in range(2)
    )


def _build_people(contracts: list[Contract]) -> dict:
    """Accounts for the locustfile: username, password and what each works on."""
    users = get_user_model()
    template = users(username="template")
    template.set_password(PASSWORD)  # hashed once, shared by every account
    meetings = list(Meeting.objects.filter(board__name=BOARD_NAME).values_list("pk", flat=True))
    clerks = Group.objects.get_or_create(name=CLERKS_GROUP)[0]
    month = str(data.CLOSED_THROUGH.next())
    accounts = {}
    number = 0
    for role, count in PEOPLE.items():
        accounts[role] = []
        for _ in range(count):
            contract = contracts[number % CONTRACTS]
            user = users.objects.create(
                username=f"{USERNAME_PREFIX}{number:02d}", password=template.password
            )
            if role == "clerk":
                user.groups.add(clerks)
            else:
                ContractMembership.objects.create(user=user, contract=contract, role=ROLES[role])
            accounts[role].append(
                {
                    "username": user.username,
                    "password": PASSWORD,
                    "contract": contract.reference,
                    "kpis": list(contract.kpis.values_list("code", flat=True)),
                    "month": month,
                    "meetings": meetings,
                }
            )
            number += 1
    return accounts


def _locust(port, accounts_file, scratch, classes, think: bool, seconds: int) -> dict:
    """One headless locust run; returns the summary the locustfile writes."""
    people = sum(PEOPLE.values())
    summary = Path(scratch) / f"summary-{'-'.join(classes)}-{int(think)}.json"
    env = {
        **os.environ,
        "BENCH_LOAD_ACCOUNTS": str(accounts_file),
        "BENCH_LOAD_SUMMARY": str(summary),
        "BENCH_LOAD_THINK": "1" if think else "0",
        "BENCH_LOAD_USERS": str(people),
        "BENCH_LOAD_SECONDS": str(seconds),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        f"--locustfile={LOCUSTFILE}",
        "--headless",
        "--only-summary",
        f"--users={people}",
        f"--spawn-rate={people}",
        # A bound in case signing in never ends: the locustfile stops the run itself.
        f"--run-time={seconds + SIGN_IN_ALLOWANCE_SECONDS}s",
        f"--host=http://{server.HOST}:{port}",
        "--loglevel=WARNING",
        *classes,
    ]
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if not summary.exists():
        raise SystemExit(f"locust wrote no summary:\n{finished.stderr[-3000:]}")
    result = json.loads(summary.read_text())
    if result["signed_in"] < people or not result["window_seconds"]:
        raise SystemExit(f"only {result['signed_in']} of {people} signed in")
    return result


def _remove(contracts: list[Contract]) -> None:
    """Everything the run built or wrote, history included: tidying up, not an edit."""
    contract_ids = [c.pk for c in contracts]
    kpi_ids = list(KPI.objects.filter(contract__in=contract_ids).values_list("pk", flat=True))
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        KPIFigure.history.filter(kpi_id__in=kpi_ids).delete()
        Action.objects.filter(agenda_item__meeting__board__name=BOARD_NAME).delete()
        AgendaItem.objects.filter(meeting__board__name=BOARD_NAME).delete()
        Meeting.objects.filter(board__name=BOARD_NAME).delete()
        Board.objects.filter(name=BOARD_NAME).delete()
        KPI.objects.filter(pk__in=kpi_ids).delete()
        Contract.objects.filter(pk__in=contract_ids).delete()
        get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).delete()


def _rps(result: dict) -> float:
    return result["requests"] / result["window_seconds"]


def _errors(result: dict) -> int:
    return result["failures"] + result["sign_in_failures"]


def _fill(section: Section, runs: dict) -> None:
    bare, mixed, think = (_rps(runs[name]) for name in ("bare", "mixed", "think"))
    section.measures = [
        Measure("load_bare_rps", bare, "requests/s", "bare view, zero think time"),
        Measure("load_mixed_rps", mixed, "requests/s", "the mix, zero think time"),
        Measure("load_think_rps", think, "requests/s", "the mix, 0.5–1.5 s think time"),
        Measure("load_p95_30users", runs["think"]["p95"], "ms", "aim: under 300 ms"),
        Measure("load_errors", sum(_errors(r) for r in runs.values()), "errors", "aim: 0"),
    ]
    section.ratios = [Ratio("load_mixed", "bare_rps", mixed / bare, "aim: at least 0.35x")]
    section.tables = [_endpoint_table(title, runs[name]) for name, title in TABLES]


TABLES = [
    ("think", "The mix with think time, per endpoint"),
    ("mixed", "The mix at zero think time, per endpoint"),
]


def _endpoint_table(title: str, result: dict) -> str:
    rows = [
        f"| {name} | {e['requests']} | {e['failures']} | {e['p50']:.0f} | {e['p95']:.0f} "
        f"| {e['p99']:.0f} |"
        for name, e in sorted(result["endpoints"].items())
    ]
    return "\n".join(
        [
            f"{title} ({result['requests']} requests in {result['window_seconds']:.0f} s):",
            "",
            "| endpoint | requests | failures | p50 ms | p95 ms | p99 ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )
