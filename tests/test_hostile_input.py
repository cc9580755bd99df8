"""Bad input gets a message (or a 404), never a 500 (issue 10, item 10).

Every query parameter and every form the URL walk finds receives random and hostile
values: huge and negative numbers, NUL, months out of range, unicode, very long text.
"""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.htmlforms import page_forms
from tests.urlwalk import Page, all_pages

pytestmark = pytest.mark.django_db

# Query parameters the pages read without a form for them (tables, dashboards, exports).
DOCUMENTED_PARAMS = ("range", "from", "to", "sort", "year", "q", "page", "export", "month")
NOT_PROBED = {"/accounts/logout/"}  # signing out would end the walk, not break anything
HOSTILE = (
    "0000-01",
    "9999-12",
    "0001-04",
    "2101-01",
    "1000000000000000000",
    "-1000000000000000000",
    "99999999999999999999",
    "1e400",
    "NaN",
    "-1",
    "\x00",
    "a\x00b",
    "",
    " ",
    "\u202e😀ü中",
    "x" * 5000,
    "=1+1",
)


def hostile_values():
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.from_regex(r"\A-?\d{1,5}-\d{1,3}\Z"),  # month-shaped
        st.text(max_size=40),
    )


def one_per_shape(names) -> list[str]:
    """The first of each field repeated per row (kpi-1-value, kpi-2-value…): the rows
    share their parsing, and a return has hundreds of fields."""
    shapes = {}
    for name in names:
        shapes.setdefault(re.sub(r"\d+", "#", name), name)
    return list(shapes.values())


class Prober:
    """Sends a palette of values into every parameter and form of the walked pages."""

    def __init__(self, client, pages):
        self.client = client
        self.pages = pages
        self.forms = self._discover()

    def _discover(self):
        forms = []
        for page in self.pages:
            response = self.client.get(page.url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                for form in page_forms(response.content.decode(), page.url):
                    if form.action not in NOT_PROBED:
                        forms.append((page, form))
        return forms

    def get_params(self, page) -> list[str]:
        found = [
            name
            for shown_on, form in self.forms
            if shown_on == page and form.method == "get"
            for name in form.fields
        ]
        return list(dict.fromkeys([*DOCUMENTED_PARAMS, *found]))

    def run(self, palette: list[str], pick: int) -> None:
        def value(index):
            return palette[(index + pick) % len(palette)]

        self.failures = []

        for page in self.pages:
            params = {name: value(i) for i, name in enumerate(self.get_params(page))}
            self._send("get", page.url, params)
        for page, form in self.forms:
            if form.method == "get":
                continue
            probed = one_per_shape(name for name in form.fields if name != "csrfmiddlewaretoken")
            hostile = {name: value(i) for i, name in enumerate(probed)}
            self._send("post", form.action, {**form.fields, **hostile})
            editable = one_per_shape(form.editable)
            if editable:
                # One bad field among valid ones reaches the service, not just the form.
                one = editable[pick % len(editable)]
                self._send("post", form.action, {**form.fields, one: value(0)})
        assert not self.failures, "\n".join(self.failures)

    def _send(self, method, url, data):
        try:
            status = getattr(self.client, method)(url, data).status_code
        except Exception as error:  # the test client re-raises what would be a 500
            status = repr(error)[:200]
        if status == 500 or not isinstance(status, int):
            shown = {k: v[:30] for k, v in data.items() if k != "csrfmiddlewaretoken"}
            self.failures.append(f"{method.upper()} {url} {shown!r}: {status}")


# The dashboard's cache key carries the raw sort (issue 10 item 15 normalises it); the
# warning is an error only under the tests' warning filter, never a 500 in production.
def pages_to_probe(demo) -> list[Page]:
    """The URL walk, plus the monthly return of an open month: the walk's month is
    closed, so its return page has no form to fill in."""
    contract = demo["contract"]
    month = contract.closed_month.next() if contract.closed_month else demo["figure"].period
    url = reverse("kpis:return", kwargs={"reference": contract.reference, "period": month})
    return [*all_pages(demo), Page(name="kpis:return (open month)", url=url, callback=None)]


# The dashboard's cache key carries the raw sort (issue 10 item 15 normalises it); the
# warning is an error only under the tests' warning filter, never a 500 in production.
@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_hostile_values_in_every_parameter_and_form_never_answer_500(
    client, demo, django_user_model
):
    for username in ("admin", "manager"):
        user = django_user_model.objects.get(username=username)
        client.force_login(user)
        prober = Prober(client, pages_to_probe(demo))
        assert any(form.method == "post" for _, form in prober.forms), username
        probe_with_hypothesis(prober, lambda user=user: client.force_login(user))


def probe_with_hypothesis(prober: Prober, sign_in) -> None:
    # The explicit palettes put each of these into every parameter and field in turn.
    worst = ["9999-12", "1000000000000000000", "\x00", "-1", "9999-12-31"]

    @settings(
        max_examples=1,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(palette=st.lists(hostile_values(), min_size=4, max_size=4), pick=st.integers(0, 99))
    @example(palette=worst, pick=0)
    @example(palette=worst, pick=1)
    @example(palette=worst, pick=2)
    @example(palette=worst, pick=3)
    @example(palette=worst, pick=4)
    def probe(palette, pick):
        sign_in()  # a posted form may have signed the user out
        prober.run(palette, pick)

    probe()
