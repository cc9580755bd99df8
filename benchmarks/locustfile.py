"""The load test's simulated people, run by locust in a process of its own (no Django
here): `benchmarks.load` starts it against the benchmark's gunicorn and reads back the
summary it writes.

Each simulated person signs in through the real sign-in form with an account of the
role their class plays (`BENCH_LOAD_ACCOUNTS`, a JSON file `benchmarks.load` writes),
then works: board members read the home page, their contract's dashboard and its KPI
pages; officers open the month's return and save it as a draft; clerks read the
meetings, a meeting and the actions. `BareViewer` signs in the same way and only asks
for the bare sign-in-required view, the floor under every page.

Statistics start once everyone has signed in (password hashing makes sign-in slow on
purpose), so that a run measures work, not the start-up, and the run stops
`BENCH_LOAD_SECONDS` later (a sign-in that fails is counted apart); then the window,
the requests and each endpoint's percentiles are written to `BENCH_LOAD_SUMMARY`.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, task

ACCOUNTS = json.loads(Path(os.environ["BENCH_LOAD_ACCOUNTS"]).read_text())
SUMMARY_PATH = os.environ["BENCH_LOAD_SUMMARY"]
THINK = os.environ.get("BENCH_LOAD_THINK") == "1"
EXPECTED_USERS = int(os.environ["BENCH_LOAD_USERS"])
WINDOW_SECONDS = float(os.environ["BENCH_LOAD_SECONDS"])
PERCENTILES = (0.5, 0.95, 0.99)

POOLS = {role: itertools.cycle(ACCOUNTS[role]) for role in ("board", "officer", "clerk")}
EVERYONE = itertools.cycle([a for role in ("board", "officer", "clerk") for a in ACCOUNTS[role]])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
# A browser drops the newline that opens a textarea's text (Django writes one there).
TEXTAREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"[^>]*>\n?([^<]*)</textarea>')
SELECT = re.compile(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.DOTALL)
SELECTED = re.compile(r'<option value="([^"]*)"[^>]*selected')

signed_in = {"count": 0, "failures": 0, "window_start": None}


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5) if THINK else constant(0)
    pool = EVERYONE

    def on_start(self):
        self.account = next(self.pool)
        form = self.client.get("/accounts/login/", name="sign in")
        token = CSRF.search(form.text)[1]
        credentials = {
            "username": self.account["username"],
            "password": self.account["password"],
            "csrfmiddlewaretoken": token,
        }
        response = self.client.post(
            "/accounts/login/", credentials, name="sign in", allow_redirects=False
        )
        signed_in["failures"] += response.status_code != 302
        signed_in["count"] += 1
        if signed_in["count"] == EXPECTED_USERS:
            self.environment.stats.reset_all()
            signed_in["window_start"] = time.monotonic()
            gevent.spawn_later(WINDOW_SECONDS, self.environment.runner.quit)

    def get(self, path: str, name: str):
        self._expect(self.client.get(path, name=name, catch_response=True), 200)

    @staticmethod
    def _expect(response, status: int):
        with response:
            if response.status_code != status:
                response.failure(f"answered {response.status_code}, expected {status}")


class BareViewer(Person):
    @task
    def bare(self):
        self.get("/bench/bare/", "bare view")


class BoardMember(Person):
    weight = 60
    pool = POOLS["board"]

    @task(1)
    def home(self):
        self.get("/", "home")

    @task(2)
    def dashboard(self):
        self.get(f"/contracts/{self.account['contract']}/", "dashboard")

    @task(2)
    def kpi_page(self):
        code = random.choice(self.account["kpis"])
        self.get(f"/contracts/{self.account['contract']}/kpis/{code}/", "KPI page")


class Officer(Person):
    weight = 25
    pool = POOLS["officer"]

    @task
    def save_draft(self):
        path = f"/contracts/{self.account['contract']}/returns/{self.account['month']}/"
        with self.client.get(path, name="monthly return", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"answered {page.status_code}, expected 200")
                return
            fields = _form_fields(page.text)
        for name in fields:
            if name.endswith("-value") and fields[name] not in ("yes", "no"):
                fields[name] = f"{random.uniform(90, 100):.2f}"
        fields["action"] = "draft"
        self._expect(
            self.client.post(
                path, fields, name="save draft", allow_redirects=False, catch_response=True
            ),
            302,
        )


class Clerk(Person):
    weight = 15
    pool = POOLS["clerk"]

    @task(1)
    def meetings(self):
        self.get("/meetings/", "meetings")

    @task(2)
    def meeting(self):
        self.get(f"/meetings/{random.choice(self.account['meetings'])}/", "meeting")

    @task(1)
    def actions(self):
        self.get("/actions/", "actions")


def _form_fields(page: str) -> dict:
    """The return form's fields as a browser would post them, unchanged."""
    form = page[page.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    fields = {}
    for tag in INPUT.findall(form):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes and attributes.get("type") not in ("submit", "checkbox"):
            fields[attributes["name"]] = attributes.get("value", "")
    fields.update(TEXTAREA.findall(form))
    for name, options in SELECT.findall(form):
        chosen = SELECTED.search(options)
        fields[name] = (chosen[1] if chosen else "") or "yes"  # a yes/no KPI's value
    return fields


@events.test_stop.add_listener
def write_summary(environment, **kwargs):
    started = signed_in["window_start"]
    window = time.monotonic() - started if started is not None else 0.0
    endpoints = {}
    for (name, method), entry in environment.stats.entries.items():
        if not entry.num_requests:  # the sign-ins, timed before the window
            continue
        endpoints[f"{method} {name}"] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            **{f"p{round(p * 100)}": entry.get_response_time_percentile(p) for p in PERCENTILES},
        }
    total = environment.stats.total
    summary = {
        "window_seconds": window,
        "signed_in": signed_in["count"],
        "sign_in_failures": signed_in["failures"],
        "requests": total.num_requests,
        "failures": total.num_failures,
        "p95": total.get_response_time_percentile(0.95),
        "endpoints": endpoints,
    }
    Path(SUMMARY_PATH).write_text(json.dumps(summary))
