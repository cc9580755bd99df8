from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.choices import Role
from kpis.recompute import recompute_statuses
from tests.dashboards.test_contract_dashboard import build_contract
from tests.factories import KPITargetFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def exceptions_page(client, contract):
    url = reverse("contract_exceptions", args=[contract.reference])
    return client.get(url, {"range": "latest"})


@pytest.fixture
def reader(client):
    def sign_in(contract):
        user = UserFactory()
        MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
        client.force_login(user)

    return sign_in


def test_exceptions_show_the_officers_commentary(client, reader):
    contract = build_contract(kpis=1, months=1)
    contract.kpis.get().figures.update(value=Decimal(10), commentary="Staff shortage in June")
    recompute_statuses(contract=contract)
    reader(contract)
    page = exceptions_page(client, contract).content.decode()
    assert "Staff shortage in June" in page
    assert '<b class="c-red">Red</b>' in page


def test_the_exceptions_page_is_served_from_the_cache_with_fewer_queries(client, reader):
    contract = build_contract(kpis=5, months=6)
    reader(contract)
    with CaptureQueriesContext(connection) as cold:
        first = exceptions_page(client, contract)
    with CaptureQueriesContext(connection) as warm:
        second = exceptions_page(client, contract)
    assert first.status_code == second.status_code == 200
    assert len(warm.captured_queries) < len(cold.captured_queries)


def test_a_recompute_shows_on_the_exceptions_page_at_once_despite_the_cache(client, reader):
    contract = build_contract(kpis=1, months=1)
    kpi = contract.kpis.get()
    reader(contract)
    kpi.figures.update(value=Decimal(99))
    recompute_statuses(contract=contract)
    assert "No exceptions" in exceptions_page(client, contract).content.decode()
    kpi.figures.update(value=Decimal(10))
    recompute_statuses(contract=contract)
    page = exceptions_page(client, contract).content.decode()
    assert "No exceptions" not in page and '<b class="c-red">Red</b>' in page


def test_a_member_of_another_contract_gets_404_on_the_exceptions_page(client, reader):
    contract = build_contract(kpis=1, months=1)
    reader(build_contract(kpis=1, months=1))
    assert exceptions_page(client, contract).status_code == 404


def test_exceptions_show_commentary_as_text_with_its_line_breaks(client, reader):
    contract = build_contract(kpis=1, months=1)
    contract.kpis.get().figures.update(
        value=Decimal(10), commentary='<script>alert("x")</script>\nSecond line'
    )
    recompute_statuses(contract=contract)
    reader(contract)
    page = exceptions_page(client, contract).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in page
    assert "<script>alert" not in page


def test_targets_show_once_when_every_month_shares_them_else_on_each_row(client, reader):
    contract = build_contract(kpis=1, months=2)
    kpi = contract.kpis.get()
    kpi.figures.update(value=Decimal(10))
    recompute_statuses(contract=contract)
    reader(contract)
    page = exceptions_page(client, contract).content.decode()
    url = reverse("contract_exceptions", args=[contract.reference])
    both = client.get(url, {"range": "custom", "from": "2018-08", "to": "2018-09"})
    assert "in every month below" in page
    assert "in every month below" in both.content.decode()
    assert "<span>target" not in both.content.decode()
    kpi.targets.update(target=Decimal(96))
    KPITargetFactory(kpi=kpi, effective_from=date(2018, 9, 1), target=Decimal(97))
    recompute_statuses(contract=contract)
    changed = client.get(url, {"range": "custom", "from": "2018-08", "to": "2018-09"})
    text = changed.content.decode()
    assert "in every month below" not in text
    assert "<span>target 96" in text and "<span>target 97" in text


@pytest.mark.parametrize(
    "text", ["Late\nreturn", "Late\r\nreturn\rtwice", "<b>5 & 6</b> 'so' \"said\"", "", "\n\n"]
)
def test_commentary_is_written_as_djangos_linebreaksbr_writes_it(text):
    from django.template.defaultfilters import linebreaksbr

    from dashboards.tables import _text_html

    assert _text_html(text) == linebreaksbr(text, autoescape=True)
