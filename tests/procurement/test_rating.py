import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import Month
from kpis.choices import Status
from procurement.choices import Rating
from procurement.rating import MonthInput, propose_rating

START = Month(2017, 10)
CODES = {
    "G": Status.GREEN,
    "A": Status.AMBER,
    "R": Status.RED,
    "P": Status.RED,  # red, flagged as a persistent failure
    "X": Status.MISSING,
    "M": Status.MITIGATED,
    "N": Status.NOT_DUE,
    "W": Status.AWAITING,
    "T": Status.NO_TARGET,
}
ORDER = [
    Rating.MET,
    Rating.SLIGHTLY_BELOW,
    Rating.BELOW,
    Rating.SIGNIFICANTLY_BELOW,
]


def months(codes: str) -> list[MonthInput]:
    return [
        MonthInput(month=START.add(i), status=CODES[code], persistent_failure=code == "P")
        for i, code in enumerate(codes)
    ]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ("GGGGGGGGGGGG", Rating.MET),
        ("GGGGGGGGGGGA", Rating.SLIGHTLY_BELOW),
        ("GGGGGGGGGGAR", Rating.BELOW),
        ("GGGGGGGGGGGX", Rating.BELOW),  # a missing month counts as red
        ("RRRRRRGGGGGG", Rating.BELOW),  # red in exactly half: not more than half
        ("RRRRRRRGGGGG", Rating.SIGNIFICANTLY_BELOW),  # red in more than half
        ("XXXXXXXGGGGG", Rating.SIGNIFICANTLY_BELOW),  # missing months too
        ("RRPGGGGGGGGG", Rating.SIGNIFICANTLY_BELOW),  # a persistent failure
        ("MMMMMMMMMMMM", Rating.OTHER),  # nothing judged
        ("NNNNNNNNNNNN", Rating.OTHER),
        ("WWWWWWWWWWWW", Rating.OTHER),
        ("TTTTTTTTTTTT", Rating.OTHER),
        ("", Rating.OTHER),
        ("MMMMMMMMMMMG", Rating.MET),  # mitigated months are not judged
        ("NNGNNGNNGNNG", Rating.MET),  # a quarterly KPI
        ("NNANNRNNRNNR", Rating.SIGNIFICANTLY_BELOW),  # red in 3 of 4 judged months
        ("WWWWWWWWWWRG", Rating.BELOW),  # awaiting months do not count
    ],
)
def test_rating_follows_the_rule(codes, expected):
    assert propose_rating(months(codes)).rating == expected


def test_rating_counts_each_status():
    found = propose_rating(months("GGGAARXMMNWT"))
    assert (found.green, found.amber, found.red, found.missing, found.mitigated) == (3, 2, 1, 1, 2)
    assert found.judged == 7


def test_rating_notes_list_the_months_not_judged():
    found = propose_rating(months("MMGGGGGGGGNW"))
    assert found.notes == (
        "Not judged: in mitigation: October 2017, November 2017; not due: August 2018; "
        "awaiting a figure: September 2018."
    )


def test_rating_notes_empty_when_every_month_is_judged():
    assert propose_rating(months("GGGGGGGGGGGG")).notes == ""


def test_rating_reads_months_in_any_order():
    ordered = months("GGRRRPGGGGGG")
    assert propose_rating(reversed(ordered)) == propose_rating(ordered)


statuses = st.lists(st.sampled_from("GARPXMNWT"), max_size=24).map("".join)


@given(statuses)
def test_rating_other_exactly_when_nothing_is_judged(codes):
    judged = sum(code in "GARPX" for code in codes)
    assert (propose_rating(months(codes)).rating == Rating.OTHER) == (judged == 0)


@given(statuses, st.sampled_from("MNWT"), st.integers(min_value=0, max_value=24))
def test_rating_ignores_months_not_judged(codes, code, position):
    with_one_more = codes[:position] + code + codes[position:]
    assert propose_rating(months(with_one_more)).rating == propose_rating(months(codes)).rating


@given(statuses, st.integers(min_value=0, max_value=23))
def test_rating_never_improves_when_a_month_gets_worse(codes, position):
    if position >= len(codes) or codes[position] not in "GA":
        return
    worse = codes[:position] + {"G": "A", "A": "R"}[codes[position]] + codes[position + 1 :]
    before, after = propose_rating(months(codes)), propose_rating(months(worse))
    assert ORDER.index(after.rating) >= ORDER.index(before.rating)


@given(statuses)
def test_rating_good_only_when_every_judged_month_is_green(codes):
    judged = [code for code in codes if code in "GARPX"]
    is_good = propose_rating(months(codes)).rating == Rating.MET
    assert is_good == (bool(judged) and set(judged) == {"G"})


@given(statuses)
def test_rating_counts_add_up_to_the_months(codes):
    found = propose_rating(months(codes))
    listed = sum(len(listed) for _, listed in found.not_judged)
    assert found.judged + listed == len(codes)
    assert found.mitigated == codes.count("M")
