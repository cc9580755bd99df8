"""The monthly return: two people at once, who sees what, the months list, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from contracts.choices import Role
from core.periods import Month
from kpis.models import KPIFigure
from kpis.views.returns import recent_months
from tests.factories import KPIFactory, KPIFigureFactory, KPITargetFactory, ServiceAreaFactory
from tests.kpis.views_helpers import (
    field_error,
    input_value,
    return_url,
    row_data,
    summary_text,
)

from .return_helpers import OCTOBER, SEPTEMBER, post_return

# Session, user, groups, contract, membership, its service areas, the KPIs with targets
# and figures (3); then locked, updated, history copied and the session saved with its
# message, each in a transaction (4 + 2 × 2 savepoints under the test's transaction).
QUERIES_TO_SAVE = 17

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("october_2018")]


# Two people, one return ------------------------------------------------------------


def test_the_second_of_two_people_saving_a_figure_is_told_and_nothing_is_overwritten(
    contract, kpis, officer, manager
):
    figure = KPIFigureFactory(kpi=kpis.imt, period=OCTOBER, value=Decimal("90"), state="draft")
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(manager)
    field = f"kpi-{kpis.imt.pk}-version"
    seen_first = input_value(first.get(return_url(contract, "2018-10")).content.decode(), field)
    seen_second = input_value(second.get(return_url(contract, "2018-10")).content.decode(), field)
    assert seen_first == seen_second == str(figure.version)

    saved = post_return(
        first, contract, "2018-10", row_data(kpis.imt, value="93", version=seen_first)
    )
    assert saved.status_code == 302
    refused = post_return(
        second,
        contract,
        "2018-10",
        row_data(kpis.imt, value="88", version=seen_second),
        row_data(kpis.csc, value="4"),
    )

    content = refused.content.decode()
    assert refused.status_code == 200
    message = field_error(content, f"id_kpi-{kpis.imt.pk}-value")
    assert message.startswith(
        "IMT_KPI_01 was changed by someone else since you opened this page; their value is "
        "shown — check and save again."
    )
    assert "You had entered 88." in message
    assert input_value(content, f"kpi-{kpis.imt.pk}-value") == "93"  # their value
    assert input_value(content, f"kpi-{kpis.csc.pk}-value") == "4"  # still what was typed
    assert KPIFigure.objects.get(kpi=kpis.imt).value == Decimal("93")
    assert not KPIFigure.objects.filter(kpi=kpis.csc).exists()  # nothing at all was saved

    # Checked and saved again: it goes through.
    again = post_return(
        second,
        contract,
        "2018-10",
        row_data(kpis.imt, value="88", version=input_value(content, field)),
        row_data(kpis.csc, value="4"),
    )
    assert again.status_code == 302
    assert KPIFigure.objects.get(kpi=kpis.imt).value == Decimal("88")


def test_two_people_entering_the_same_new_figure_the_second_is_told(
    contract, kpis, officer, manager
):
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(manager)
    assert post_return(first, contract, "2018-10", row_data(kpis.csc, value="3")).status_code == 302
    refused = post_return(second, contract, "2018-10", row_data(kpis.csc, value="7"))
    assert refused.status_code == 200
    assert "CSC_KPI_04 was changed by someone else" in field_error(
        refused.content.decode(), f"id_kpi-{kpis.csc.pk}-value"
    )
    assert KPIFigure.objects.get(kpi=kpis.csc).value == Decimal("3")


def test_a_figure_approved_meanwhile_is_not_changed(contract, kpis, officer, manager):
    figure = KPIFigureFactory(kpi=kpis.imt, period=OCTOBER, value=Decimal("90"), state="submitted")
    client = Client()
    client.force_login(officer)
    KPIFigure.objects.filter(pk=figure.pk).update(state="approved", version=figure.version + 1)
    response = post_return(
        client, contract, "2018-10", row_data(kpis.imt, value="99", version=str(figure.version))
    )
    assert response.status_code == 200
    assert "IMT_KPI_01 was approved by someone else" in summary_text(response.content.decode())
    assert KPIFigure.objects.get(pk=figure.pk).value == Decimal("90")


# Who sees what ------------------------------------------------------------------------


def test_an_officer_sees_and_enters_only_their_service_areas(client, contract, kpis, areas, member):
    imt_officer = member(contract, Role.OFFICER, service_areas=[areas.imt])
    client.force_login(imt_officer)
    content = client.get(return_url(contract, "2018-10")).content.decode()
    assert "IMT_KPI_01" in content
    assert "CSC_KPI_04" not in content
    assert "Your service areas: IMT." in content

    forged = post_return(
        client, contract, "2018-10", row_data(kpis.imt, value="96"), row_data(kpis.csc, value="1")
    )
    assert forged.status_code == 403
    assert not KPIFigure.objects.exists()


def test_approved_figures_are_read_only_with_a_correct_link_for_managers(
    client, contract, kpis, officer, manager
):
    approved = KPIFigureFactory(kpi=kpis.imt, period=SEPTEMBER, value=Decimal("97.5"))
    correct_url = reverse("kpis:figure_correct", args=[contract.reference, approved.pk])
    client.force_login(officer)
    content = client.get(return_url(contract, "2018-09")).content.decode()
    assert f'name="kpi-{kpis.imt.pk}-value"' not in content
    assert "97.50%" in content
    assert correct_url not in content
    # A forged value for the approved figure is ignored.
    post_return(client, contract, "2018-09", row_data(kpis.imt, value="10"))
    assert KPIFigure.objects.get(pk=approved.pk).value == Decimal("97.5")

    client.force_login(manager)
    assert correct_url in client.get(return_url(contract, "2018-09")).content.decode()


def test_a_board_member_reads_the_return_but_cannot_save_it(client, contract, kpis, board_member):
    KPIFigureFactory(kpi=kpis.imt, period=SEPTEMBER, value=Decimal("97.5"))
    client.force_login(board_member)
    content = client.get(return_url(contract, "2018-09")).content.decode()
    assert "97.50%" in content
    assert "<input" not in content.split("<main", 1)[1].replace('type="hidden"', "")
    assert (
        post_return(client, contract, "2018-09", row_data(kpis.csc, value="4")).status_code == 403
    )
    assert KPIFigure.objects.count() == 1


def test_the_returns_page_counts_each_months_figures(client, contract, kpis, officer):
    KPIFigureFactory(kpi=kpis.imt, period=SEPTEMBER, state="approved")
    KPIFigureFactory(kpi=kpis.csc, period=SEPTEMBER, state="submitted")
    KPIFigureFactory(kpi=kpis.imt, period=OCTOBER, state="draft")
    client.force_login(officer)
    content = client.get(reverse("kpis:returns", args=[contract.reference])).content.decode()
    september = content.split("September 2018</a>", 1)[1].split("</tr>", 1)[0]
    cells = [c.strip() for c in september.split('<td class="govuk-table__cell">')[1:]]
    assert [c.split("<")[0] for c in cells] == ["", "2", "2", "1", "1"]
    assert "Closed" in cells[0]
    assert "October 2018" in content and "November 2018" not in content


def test_the_returns_page_opens_a_month_typed_in(client, contract, officer):
    client.force_login(officer)
    url = reverse("kpis:returns", args=[contract.reference])
    assert client.get(url, {"month": "2017-06"})["Location"] == return_url(contract, "2017-06")
    content = client.get(url, {"month": "June"}).content.decode()
    assert "Enter the month as YYYY-MM. For example, 2018-09" in content


# Query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_the_return_page_queries_do_not_grow_with_kpis(
    client, contract, manager, count, django_assert_max_num_queries
):
    for i in range(count):
        area = ServiceAreaFactory(contract=contract, name=f"Area {i % 7}") if i < 7 else None
        kpi = KPIFactory(
            contract=contract,
            service_area=area or contract.service_areas.get(name=f"Area {i % 7}"),
        )
        KPITargetFactory(kpi=kpi)
        KPIFigureFactory(kpi=kpi, period=SEPTEMBER, state="approved" if i % 2 else "draft")
    client.force_login(manager)
    with django_assert_max_num_queries(12):  # 11, and one for the uploaded spreadsheets
        assert client.get(return_url(contract, "2018-09")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("kpis:returns", args=[contract.reference])).status_code == 200


@pytest.mark.postgres
@pytest.mark.parametrize("count", [5, 50])
def test_saving_the_return_queries_do_not_grow_with_kpis(
    client, contract, officer, count, django_assert_num_queries
):
    # The fixed count is PostgreSQL's one UPDATE … FROM unnest (core/bulk.py); on SQLite
    # (the demo) Django's bulk_update splits the rows into more batches.
    if connection.vendor != "postgresql":
        pytest.skip("a fixed number of writes is PostgreSQL's UPDATE … FROM unnest")
    rows = {}
    for i in range(count):
        kpi = KPIFactory(contract=contract)
        KPITargetFactory(kpi=kpi)
        figure = KPIFigureFactory(kpi=kpi, period=SEPTEMBER, state="draft")
        rows.update(row_data(kpi, value=str(50 + i % 40), version=str(figure.version)))
    client.force_login(officer)
    # An officer not limited to some service areas: no query for KPIs outside theirs.
    with django_assert_num_queries(QUERIES_TO_SAVE):
        assert post_return(client, contract, "2018-09", rows).status_code == 302
    assert set(KPIFigure.objects.values_list("entered_by", flat=True)) == {officer.pk}


@pytest.mark.parametrize(
    ("closed", "today", "expected"),
    [
        ("2018-09", "2018-10", ["2018-10", "2018-09", "2017-10"]),
        ("2018-09", "2018-11", ["2018-11", "2018-10", "2017-10"]),
        # Months stopped closing (the demo, a historical snapshot): the year around the
        # last close, then last month and this one.
        ("2018-09", "2026-11", ["2026-11", "2026-10", "2018-10", "2017-10"]),
        (None, "2018-10", ["2018-10", "2018-09", "2017-10"]),
    ],
)
def test_the_returns_page_lists_the_months_around_the_close_and_today(closed, today, expected):
    months = recent_months(Month.parse(closed) if closed else None, Month.parse(today))
    shown = [str(m) for m in months]
    assert shown == sorted(set(shown), reverse=True)
    assert [shown[0], shown[1], *shown[-1:]] == [expected[0], expected[1], expected[-1]]
    assert set(expected) <= set(shown)
