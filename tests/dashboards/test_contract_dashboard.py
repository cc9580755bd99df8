import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from contracts.choices import Role
from core.periods import Month, month_range
from kpis.recompute import recompute_statuses
from tests.factories import (
    ContractFactory,
    KPIFactory,
    KPIFigureFactory,
    KPITargetFactory,
    MembershipFactory,
    MitigationFactory,
    ServiceAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def dashboard(client, reference="CSSC", **params):
    return client.get(reverse("contract_dashboard", args=[reference]), params)


def build_contract(kpis=5, months=6, closed=Month(2018, 9)):
    contract = ContractFactory(closed_through=closed.first_day)
    areas = [ServiceAreaFactory(contract=contract, name=f"Area {i}", sort_order=i) for i in (1, 2)]
    first = closed.add(-(months - 1))
    for i in range(kpis):
        kpi = KPIFactory(
            contract=contract,
            service_area=areas[i % 2],
            live_from=first.first_day,
            code=f"K_{i:03d}",
        )
        KPITargetFactory(kpi=kpi, target=Decimal(95), minimum=Decimal(90))
        for n, month in enumerate(month_range(first, closed)):
            if (i + n) % 7 != 3:
                KPIFigureFactory(kpi=kpi, period=month.first_day, value=Decimal(80 + (i * n) % 20))
    recompute_statuses(contract=contract)
    return contract


def test_the_board_sees_the_2018_story_in_the_demo(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="board"))
    response = dashboard(client, range="custom", **{"from": "2018-04", "to": "2018-09"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "KPI Summary Performance, April 2018 to September 2018" in page
    assert "In mitigation" in page
    assert "Agresso" in page and "Mosaic" in page
    for summary in response.context["summaries"][3:]:  # July to September 2018
        assert (summary.amber, summary.red, summary.missing) == (0, 0, 0)
        assert summary.green == summary.measured > 0
        assert summary.mitigated == 2
    assert 'data-chart="status-chart"' in page
    assert 'id="status-chart"' in page


def test_the_default_range_is_the_financial_year_to_date_of_the_last_closed_month(
    client, demo, django_user_model
):
    with time_machine.travel(date(2027, 3, 1)):
        client.force_login(django_user_model.objects.get(username="board"))
        response = dashboard(client)
    assert response.context["month_range"].start == Month(2018, 4)
    assert response.context["month_range"].end == Month(2018, 9)
    for kind, start in (("latest", Month(2018, 9)), ("quarter", Month(2018, 7))):
        assert dashboard(client, range=kind).context["month_range"].start == start


def test_a_bad_custom_range_says_what_is_wrong_and_shows_the_default(
    client, demo, django_user_model
):
    client.force_login(django_user_model.objects.get(username="board"))
    response = dashboard(client, range="custom", **{"from": "2018-09", "to": "2018-04"})
    assert "The “to” month must not be before the “from” month." in response.content.decode()
    assert response.context["month_range"].kind == "fytd"


def test_the_counts_equal_what_export_figures_gives(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="board"))
    out = io.StringIO()
    call_command("export_figures", "--contract", "CSSC", stdout=out)
    exported = list(csv.DictReader(io.StringIO(out.getvalue())))
    contractual = set(demo["contract"].kpis.filter(contractual=True).values_list("code", flat=True))
    response = dashboard(client, range="custom", **{"from": "2017-04", "to": "2018-09"})
    headline = response.context["headline"]
    in_range = [r for r in exported if r["kpi_code"] in contractual and r["period"] >= "2017-04"]
    for status in ("green", "amber", "red", "mitigated", "missing"):
        assert getattr(headline, status) == sum(r["status"] == status for r in in_range), status


def test_the_performance_table_exports_exactly_what_is_shown(client):
    contract = build_contract(kpis=4, months=3)
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    params = {"range": "quarter"}
    page = dashboard(client, contract.reference, **params).content.decode()
    response = dashboard(client, contract.reference, export="xlsx", **params)
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("Service area", "KPI", "Name", "Jul 2018", "Aug 2018", "Sep 2018")
    assert len(rows) == 5
    codes = set(contract.kpis.values_list("code", flat=True))
    for row in rows[1:]:
        assert row[1] in codes  # the code as text, not the page's link
        assert row[1] in page
        for cell in row[3:]:
            assert cell.split()[0] in page
    response = dashboard(client, contract.reference, export="csv", **params)
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:] == [
        [str(c) for c in row] for row in rows[1:]
    ]


def test_submitted_figures_are_provisional_and_never_counted(client):
    contract = build_contract(kpis=1, months=1, closed=Month(2018, 9))
    kpi = contract.kpis.get()
    KPIFigureFactory(kpi=kpi, period=date(2018, 10, 1), value=Decimal(99), state="submitted")
    recompute_statuses(contract=contract)
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    response = dashboard(
        client, contract.reference, range="custom", **{"from": "2018-09", "to": "2018-10"}
    )
    assert "Provisional" in response.content.decode()
    assert response.context["headline"].measured == 1


def test_a_recompute_is_shown_at_once_despite_the_cache(client):
    contract = build_contract(kpis=1, months=1)
    kpi = contract.kpis.get()
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    kpi.figures.update(value=Decimal(10))
    recompute_statuses(contract=contract)
    red, green = '<b class="c-red">Red</b>', '<b class="c-green">Green</b>'
    assert red in dashboard(client, contract.reference, range="latest").content.decode()
    kpi.figures.update(value=Decimal(99))
    recompute_statuses(contract=contract)
    page = dashboard(client, contract.reference, range="latest").content.decode()
    assert green in page and red not in page


def test_mitigated_kpis_show_the_agreed_mitigation_in_the_exceptions(client):
    contract = build_contract(kpis=1, months=1)
    kpi = contract.kpis.get()
    kpi.figures.update(value=Decimal(10))
    MitigationFactory(kpi=kpi, start=date(2018, 9, 1), reason="Mosaic interface not live")
    recompute_statuses(contract=contract)
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    page = dashboard(client, contract.reference, range="latest").content.decode()
    assert "In mitigation — red" in page
    assert "Mosaic interface not live" in page
    assert "Partnership Board" in page


@pytest.mark.parametrize(("small", "large"), [((5, 6), (50, 6)), ((5, 6), (5, 36))])
def test_the_dashboard_query_count_does_not_grow(
    client, django_assert_max_num_queries, small, large
):
    counts = []
    for kpis, months in (small, large):
        contract = build_contract(kpis=kpis, months=months)
        user = UserFactory()
        MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
        client.force_login(user)
        params = {"range": "custom", "from": str(Month(2018, 9).add(1 - months)), "to": "2018-09"}
        with django_assert_max_num_queries(40) as captured:
            assert dashboard(client, contract.reference, **params).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_member_of_another_contract_gets_404(client, demo):
    user = UserFactory()
    MembershipFactory(user=user, contract=ContractFactory(), role=Role.BOARD_MEMBER)
    client.force_login(user)
    assert dashboard(client).status_code == 404


def test_a_warm_dashboard_is_served_from_the_cache_with_fewer_queries(client):
    contract = build_contract(kpis=5, months=6)
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        first = dashboard(client, contract.reference).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = dashboard(client, contract.reference).content.decode()

    def without_csrf(page):  # the sign-out form's token is masked afresh each time
        return [line for line in page.splitlines() if "csrfmiddlewaretoken" not in line]

    assert without_csrf(first) == without_csrf(second)
    assert len(warm.captured_queries) < len(cold.captured_queries)
    # The session (read, and saved in a savepoint: 4), the user, their groups, the
    # contract, the markers of body, panels and the section about the contract with the
    # user's role (one query). Body, panels and that section come from the cache.
    assert len(warm.captured_queries) == 8


def test_dashboard_links_carry_only_the_range_and_sort_never_a_visitors_extra_parameters(
    client,
):
    contract = build_contract(kpis=3, months=3)
    readers = [UserFactory() for _ in range(2)]
    for user in readers:
        MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    junk = "Board pack is WRONG see evil.example"
    client.force_login(readers[0])
    first = dashboard(client, contract.reference, range="quarter", sort="-name", note=junk)
    client.force_login(readers[1])
    second = dashboard(client, contract.reference, range="quarter", sort="-name")

    def links(response):
        return re.findall(r'href="([^"]*)"', response.content.decode())

    assert all("evil" not in link and "note" not in link for link in links(first))
    assert "evil" not in second.content.decode() and "WRONG" not in second.content.decode()
    for response in (first, second):
        page_links = links(response)
        assert "?range=quarter&amp;sort=-name&amp;export=csv" in page_links
        assert "?range=quarter&amp;sort=name#kpi-summary-performance" in page_links
    odd_sort = dashboard(client, contract.reference, range="quarter", sort="evil.example")
    assert "evil" not in odd_sort.content.decode()


def test_the_summary_by_month_shows_each_months_counts_and_a_dash_when_none_measured(client):
    contract = build_contract(kpis=3, months=2)  # August and September 2018
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    response = dashboard(
        client, contract.reference, range="custom", **{"from": "2018-07", "to": "2018-09"}
    )
    page = response.content.decode()
    rows = re.findall(r'<tr><th scope="row">(\w+ 2018)</th>((?:<td>[^<]*</td>)+)</tr>', page)
    summaries = {s.month.label: s for s in response.context["summaries"]}

    assert [month for month, _ in rows] == ["July 2018", "August 2018", "September 2018"]
    assert rows[0][1] == "<td>0</td>" * 6 + "<td>—</td>"
    september = summaries["September 2018"]
    assert rows[2][1].startswith(f"<td>{september.green}</td><td>{september.amber}</td>")
    assert rows[2][1].endswith(f"<td>{september.achieved_percent}%</td>")
