from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import Month
from kpis.choices import Status
from kpis.rag import achieved_percent, is_due, judge, month_status, persistent_failures

D = Decimal
numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
RANK = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}


def status(
    value, target=D(95), minimum=D(90), polarity="higher", closed=True, mitigated=False, due=True
):
    return month_status(
        due=due,
        value=value,
        closed=closed,
        target=target,
        minimum=minimum,
        polarity=polarity,
        mitigated=mitigated,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("96"), Status.GREEN),
        (D("95"), Status.GREEN),
        (D("94.99"), Status.AMBER),
        (D("90"), Status.AMBER),
        (D("89.99"), Status.RED),
        (D("0"), Status.RED),
    ],
)
def test_higher_is_better(value, expected):
    assert status(value) == (expected, expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1"), Status.GREEN),
        (D("5"), Status.GREEN),
        (D("5.01"), Status.AMBER),
        (D("8"), Status.AMBER),
        (D("8.01"), Status.RED),
    ],
)
def test_lower_is_better(value, expected):
    assert status(value, target=D(5), minimum=D(8), polarity="lower") == (expected, expected)


def test_without_a_minimum_missing_the_target_is_red():
    assert status(D("94"), minimum=None)[0] == Status.RED
    assert status(D("95"), minimum=None)[0] == Status.GREEN


def test_yes_no_yes_is_green_and_no_is_red():
    assert status(D(1), target=D(1), minimum=None)[0] == Status.GREEN
    assert status(D(0), target=D(1), minimum=None)[0] == Status.RED


def test_not_due_comes_first():
    assert status(None, due=False, mitigated=True) == (Status.NOT_DUE, Status.NOT_DUE)


def test_no_approved_figure_is_missing_once_closed_and_awaiting_before():
    assert status(None, closed=True) == (Status.MISSING, Status.MISSING)
    assert status(None, closed=False) == (Status.AWAITING, Status.AWAITING)


def test_no_target_is_recorded_not_judged():
    assert status(D(3), target=None, minimum=None) == (Status.NO_TARGET, Status.NO_TARGET)


@pytest.mark.parametrize("underlying", [Status.AMBER, Status.RED, Status.MISSING])
def test_mitigation_covers_amber_red_and_missing_keeping_the_underlying_status(underlying):
    value = {Status.AMBER: D(92), Status.RED: D(10), Status.MISSING: None}[underlying]
    assert status(value, mitigated=True) == (Status.MITIGATED, underlying)


@pytest.mark.parametrize(
    ("value", "closed", "target"),
    [
        (D(99), True, D(95)),
        (None, False, D(95)),
        (D(3), True, None),
    ],
)
def test_mitigation_leaves_green_awaiting_and_no_target_alone(value, closed, target):
    result = status(value, closed=closed, target=target, minimum=None, mitigated=True)
    assert result[0] == result[1] != Status.MITIGATED


@given(numbers, numbers, numbers, st.sampled_from(["higher", "lower"]))
def test_a_better_value_never_gets_a_worse_status(a, b, target, polarity):
    minimum = target - 10 if polarity == "higher" else target + 10
    better, worse = (max(a, b), min(a, b)) if polarity == "higher" else (min(a, b), max(a, b))
    assert (
        RANK[judge(value=better, target=target, minimum=minimum, polarity=polarity)]
        <= RANK[judge(value=worse, target=target, minimum=minimum, polarity=polarity)]
    )


@given(numbers, numbers, st.decimals(min_value=0, max_value=100, places=2))
def test_the_two_polarities_mirror_each_other(value, target, gap):
    higher = judge(value=value, target=target, minimum=target - gap, polarity="higher")
    lower = judge(value=-value, target=-target, minimum=-target + gap, polarity="lower")
    assert higher == lower


@given(
    numbers, st.decimals(min_value=0, max_value=100, places=2), st.sampled_from(["higher", "lower"])
)
def test_exactly_at_the_target_is_green_and_exactly_at_the_minimum_is_amber(target, gap, polarity):
    minimum = target - gap if polarity == "higher" else target + gap
    assert judge(value=target, target=target, minimum=minimum, polarity=polarity) == Status.GREEN
    if gap:
        assert (
            judge(value=minimum, target=target, minimum=minimum, polarity=polarity) == Status.AMBER
        )


def test_quarterly_kpis_are_due_in_june_september_december_and_march_only():
    due = [
        m
        for m in range(1, 13)
        if is_due(
            month=Month(2018, m), live_from=Month(2017, 4), retired_from=None, frequency="quarterly"
        )
    ]
    assert due == [3, 6, 9, 12]


def test_a_kpi_is_due_from_its_live_month_until_it_is_retired():
    kwargs = {"live_from": Month(2018, 4), "retired_from": Month(2018, 9), "frequency": "monthly"}
    assert not is_due(month=Month(2018, 3), **kwargs)
    assert is_due(month=Month(2018, 4), **kwargs)
    assert is_due(month=Month(2018, 8), **kwargs)
    assert not is_due(month=Month(2018, 9), **kwargs)


R, G, A, M, N, X = (
    Status.RED,
    Status.GREEN,
    Status.AMBER,
    Status.MITIGATED,
    Status.NOT_DUE,
    Status.MISSING,
)


@pytest.mark.parametrize(
    ("statuses", "flags"),
    [
        ([R, R], [0, 0]),
        ([R, R, R, R], [0, 0, 1, 1]),
        ([R, R, G, R, R, R], [0, 0, 0, 0, 0, 1]),
        ([R, N, R, N, R], [0, 0, 0, 0, 1]),  # not-due months are skipped
        ([R, R, M, R], [0, 0, 0, 0]),  # mitigated breaks the run
        ([R, R, A, R], [0, 0, 0, 0]),
        ([R, R, X, R], [0, 0, 0, 0]),  # missing breaks the run
    ],
)
def test_persistent_failure_is_the_third_consecutive_red_month_on(statuses, flags):
    assert persistent_failures(statuses) == [bool(f) for f in flags]


def test_achieved_percent_has_one_decimal_place_and_none_when_nothing_measured():
    assert achieved_percent(2, 3) == D("66.7")
    assert achieved_percent(1, 8) == D("12.5")
    assert achieved_percent(0, 0) is None
