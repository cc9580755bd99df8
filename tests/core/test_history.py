from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.choices import Role
from core.history import HistorySource, HistoryTable, Spelling, change_history
from imt_projects.history import project_history
from kpis.history import kpi_history
from kpis.models import KPIFigure
from tests.factories import (
    BenefitFactory,
    IMTProjectFactory,
    KPIFigureFactory,
    MembershipFactory,
    UserFactory,
    area_kpi,
)


def save(instance, *, user=None, reason=None, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def changes(rows, record):
    return [row["change"] for row in rows if row["record"] == record]


@pytest.fixture
def kpi(contract):
    return area_kpi(contract, "IMT", code="IMT_KPI_01", name="Incidents fixed")


def test_change_history_spells_each_change_from_old_to_new(kpi):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1), value=Decimal("96.50"))
    save(figure, value=Decimal("94.00"), commentary="A slow month", state="submitted")
    newest = changes(kpi_history(kpi), "Figure for August 2018")[0]
    assert newest == "Value: 96.5 → 94; Commentary changed; State: Approved → Submitted"


def test_change_history_names_foreign_keys_months_and_yes_no(contract, kpi):
    csc = contract.service_areas.get(name="Customer Service Centre")
    save(kpi, service_area=csc, live_from=date(2018, 5, 1), contractual=False)
    newest = changes(kpi_history(kpi), "KPI definition")[0]
    assert newest == (
        "Service area: IMT → Customer Service Centre; Contractual: yes → no; "
        "Live from: April 2017 → May 2018"
    )


def test_change_history_lists_the_values_of_a_creation_only_when_asked(kpi):
    created = changes(kpi_history(kpi), "KPI definition")[0]
    assert created.startswith("Created: Code IMT_KPI_01; Name Incidents fixed; Service area IMT")
    project = IMTProjectFactory(title="New finance system")
    assert changes(project_history(project), "Project details") == ["Created"]


def test_change_history_says_when_a_record_is_deleted_or_saved_unchanged(kpi):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1))
    save(figure)
    figure.delete()
    assert changes(kpi_history(kpi), "Figure for August 2018") == [
        "Deleted",
        "Saved without changes",
        "Created: Value 96; State Approved",
    ]


def test_change_history_is_newest_first_with_who_and_why(kpi):
    named = UserFactory(first_name="Ann", last_name="Lee")
    unnamed = UserFactory(username="clerk7", first_name="", last_name="")
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1))
    save(figure, user=named, reason="Typo", value=Decimal("95"))
    save(figure, user=unnamed, value=Decimal("94"))
    rows = [r for r in kpi_history(kpi) if r["record"] == "Figure for August 2018"]
    assert [(r["who"], r["reason"]) for r in rows] == [
        ("clerk7", ""),
        ("Ann Lee", "Typo"),
        ("System", ""),
    ]
    assert rows[0]["when"] > rows[1]["when"] > rows[2]["when"]


def test_change_history_spells_values_as_the_app_asks(kpi):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1), value=Decimal("96"))
    save(figure, value=Decimal("94"), commentary="Late", period=date(2018, 9, 1))
    source = HistorySource(
        KPIFigure.history.filter(kpi_id=kpi.pk), ["value", "commentary", "period"], str
    )
    spelling = Spelling(long_fields=frozenset({"value"}), number=lambda d: f"#{d:.0f}")
    assert change_history([source], spelling)[0]["change"] == (
        "Value changed; Commentary: none → Late; Period: 1 August 2018 → 1 September 2018"
    )
    spelling = Spelling(month_fields=frozenset({"period"}), number=lambda d: f"#{d:.0f}")
    assert change_history([source], spelling)[0]["change"] == (
        "Value: #96 → #94; Commentary: none → Late; Period: August 2018 → September 2018"
    )


def test_change_history_reads_one_query_per_source_whatever_the_count(
    db, django_assert_num_queries
):
    project = IMTProjectFactory()
    for n in range(5):
        BenefitFactory(project=project, description=f"Benefit {n}")
    with django_assert_num_queries(4):
        rows = project_history(project)
    assert len(rows) == 6


def test_history_table_shows_every_change_or_says_there_is_none(kpi):
    table = HistoryTable(kpi_history(kpi))
    assert table.caption == "Change history"
    assert [c.header for c in table.columns] == ["When", "Who", "What", "Change", "Reason"]
    assert len(table.rows) == 1
    assert HistoryTable([]).empty_text == "No changes recorded."


def test_a_paged_history_reads_the_same_rows_as_the_whole_history(kpi):
    user = UserFactory(first_name="Ann", last_name="Lee")
    for month in (8, 9, 10):
        figure = KPIFigureFactory(kpi=kpi, period=date(2018, month, 1), value=Decimal("96"))
        for value in ("95", "94", "93"):
            save(figure, user=user, reason=f"Now {value}", value=Decimal(value))
    save(kpi, user=user, name="Incidents fixed first time")
    paged = kpi_history(kpi)
    sources, spelling = paged.sources, paged.spelling
    whole = [
        {k: v for k, v in row.items() if k != "order"} for row in change_history(sources, spelling)
    ]
    assert len(paged) == len(whole) == 14
    assert list(paged) == whole
    assert paged[3:9] == whole[3:9]
    assert paged[13] == whole[13]


def test_a_page_of_history_costs_the_same_queries_however_long_the_history(
    kpi, django_assert_max_num_queries
):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1), value=Decimal("96"))
    counts = []
    for saves in (30, 300):
        while KPIFigure.history.filter(id=figure.pk).count() < saves:
            save(figure, value=figure.value - Decimal("0.01"))
        with django_assert_max_num_queries(15) as captured:
            page = kpi_history(kpi)[0:25]
        assert len(page) == 25 and page[0]["change"].startswith("Value:")
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_kpi_page_shows_history_25_rows_a_page(client, kpi, contract):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1), value=Decimal("96"))
    for n in range(30):
        save(figure, value=Decimal(90 + n % 5), reason=f"Save {n}")
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    client.force_login(user)
    url = reverse("kpis:detail", args=[contract.reference, kpi.code])
    first = client.get(url).content.decode()
    second = client.get(url, {"history-page": 2}).content.decode()
    assert "Save 29" in first and "Save 4" not in first
    assert "Save 4" in second and "Save 29" not in second


def test_a_kpi_history_reads_service_area_names_only_for_a_page_that_names_one(
    contract, kpi, django_assert_num_queries
):
    figure = KPIFigureFactory(kpi=kpi, period=date(2018, 8, 1))
    save(figure, value=Decimal("94.00"))
    history = kpi_history(kpi)
    assert len(history) == 3
    # The newest two changes (the figure's) name no service area: no names are read.
    with django_assert_num_queries(2):  # which records, then them and the ones before
        assert [row["record"] for row in history[0:2]] == ["Figure for August 2018"] * 2
    # The KPI's creation names its service area: read once, when it is shown.
    with django_assert_num_queries(3):  # and the service areas' names
        assert "Service area IMT" in history[2:3][0]["change"]
