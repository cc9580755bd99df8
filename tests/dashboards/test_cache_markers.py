"""The cache markers: the cached dashboard bodies and home cards are keyed on them, so each
must change whenever what those show can, and stay the same when nothing changed."""

from datetime import date

import pytest
from django.utils import timezone

from dashboards.selectors import cache_markers, home_card_markers
from kpis.choices import RunOutcome
from kpis.models import RecomputeRun
from tests.factories import ContractFactory, KPIFactory, KPIFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    return ContractFactory(closed_through=date(2018, 5, 1))


@pytest.fixture
def kpi(contract):
    return KPIFactory(contract=contract)


def _run(contract, outcome):
    return RecomputeRun.objects.create(
        contract=contract, started_at=timezone.now(), outcome=outcome
    )


def test_cache_markers_are_the_same_while_nothing_changes(contract, kpi):
    KPIFigureFactory(kpi=kpi, state="submitted", submitted_at=timezone.now())

    assert cache_markers([contract]) == cache_markers([contract])
    assert home_card_markers([contract]) == home_card_markers([contract])


def test_cache_markers_change_with_a_submitted_figure_or_its_withdrawal(contract, kpi):
    before = cache_markers([contract])[contract.pk]
    figure = KPIFigureFactory(kpi=kpi, state="submitted", submitted_at=timezone.now())
    submitted = cache_markers([contract])[contract.pk]
    figure.state = "draft"
    figure.save()

    assert before != submitted
    assert cache_markers([contract])[contract.pk] != submitted


def test_cache_markers_change_with_a_successful_recompute_only(contract):
    before = cache_markers([contract])[contract.pk]
    _run(contract, RunOutcome.FAILED)
    assert cache_markers([contract])[contract.pk] == before

    _run(contract, RunOutcome.SUCCEEDED)
    assert cache_markers([contract])[contract.pk] != before


def test_cache_markers_change_when_a_month_closes(contract):
    before = cache_markers([contract])[contract.pk]
    contract.closed_through = date(2018, 6, 1)
    contract.save()

    assert cache_markers([contract])[contract.pk] != before


def test_cache_markers_have_no_spaces(contract, kpi):
    KPIFigureFactory(kpi=kpi, state="submitted", submitted_at=timezone.now())

    assert " " not in cache_markers([contract])[contract.pk]
    assert " " not in home_card_markers([contract])[contract.pk]


def test_home_card_markers_change_when_a_kpi_is_added_or_edited(contract, kpi):
    before = home_card_markers([contract])[contract.pk]
    kpi.name = "Renamed"
    kpi.save()
    edited = home_card_markers([contract])[contract.pk]
    KPIFactory(contract=contract)

    assert before != edited
    assert home_card_markers([contract])[contract.pk] not in (before, edited)


def test_cache_markers_of_many_contracts_take_one_query(django_assert_num_queries):
    contracts = ContractFactory.create_batch(3)
    other = ContractFactory()
    KPIFigureFactory(kpi=KPIFactory(contract=other), state="submitted")

    with django_assert_num_queries(1):
        markers = home_card_markers(contracts)

    assert set(markers) == {c.pk for c in contracts}
    assert len(set(cache_markers(contracts).values())) == 1  # nothing differs between them
