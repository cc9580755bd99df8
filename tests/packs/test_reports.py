from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import EditConflict
from core.periods import Month
from packs.choices import ReportKind, SectionKind
from packs.models import Report
from packs.reports import preset_range, preset_sections
from packs.services.reports import (
    narrative_add,
    narrative_move,
    narrative_remove,
    narrative_update,
    report_new,
    report_save,
)
from tests.factories import AgendaItemFactory, ContractFactory, UserFactory


@pytest.mark.parametrize(
    ("kind", "anchor", "start", "end"),
    [
        (ReportKind.QUARTERLY, Month(2018, 9), Month(2018, 4), Month(2018, 9)),
        (ReportKind.QUARTERLY, Month(2018, 10), Month(2018, 4), Month(2018, 9)),
        (ReportKind.QUARTERLY, Month(2019, 1), Month(2018, 4), Month(2018, 12)),
        (ReportKind.QUARTERLY, Month(2018, 5), Month(2017, 4), Month(2018, 3)),
        (ReportKind.SIX_MONTHLY, Month(2018, 9), Month(2018, 4), Month(2018, 9)),
        (ReportKind.SIX_MONTHLY, Month(2019, 3), Month(2018, 10), Month(2019, 3)),
        (ReportKind.EXCEPTION, Month(2018, 11), Month(2018, 7), Month(2018, 9)),
        (ReportKind.IMT, Month(2018, 9), Month(2018, 7), Month(2018, 9)),
    ],
)
def test_preset_range_ends_with_the_latest_complete_quarter(kind, anchor, start, end):
    assert preset_range(kind, anchor) == (start, end)


def test_preset_sections_leave_out_kpi_sections_for_an_item_about_no_contract():
    assert SectionKind.PERFORMANCE in preset_sections(ReportKind.QUARTERLY)
    without = preset_sections(ReportKind.QUARTERLY, with_contract=False)
    assert without == [SectionKind.ACTIONS, SectionKind.IMT_APPENDIX]


def _values(**changes):
    return {
        "kind": ReportKind.QUARTERLY,
        "title": "Quarterly performance",
        "officer": "Chief Commercial Officer",
        "purpose": "To consider performance.",
        "recommendations": "That the report be noted.",
        "sections": [SectionKind.EXCEPTIONS],
        "range_start": Month(2018, 7),
        "range_end": Month(2018, 9),
        **changes,
    }


@pytest.mark.django_db
def test_report_new_starts_from_the_item_and_the_contracts_last_closed_month():
    contract = ContractFactory(closed_through=date(2018, 9, 1))
    item = AgendaItemFactory(contract=contract, title="CSSC performance", report_by="CCO")

    report = report_new(item=item, user=UserFactory())

    assert (report.title, report.officer, report.pk) == ("CSSC performance", "CCO", None)
    assert (report.range_start, report.range_end) == (date(2018, 4, 1), date(2018, 9, 1))
    assert report.sections == preset_sections(ReportKind.QUARTERLY)


@pytest.mark.django_db
def test_report_save_writes_the_report_and_the_preset_replaces_sections_and_months():
    contract = ContractFactory(closed_through=date(2018, 9, 1))
    author = UserFactory()
    report = report_save(
        report=Report(agenda_item=AgendaItemFactory(contract=contract), author=author),
        user=author,
        **_values(),
    )
    assert report.sections == [SectionKind.EXCEPTIONS]
    assert report.history.get().history_user == author

    report = report_save(
        report=report,
        user=author,
        version=report.version,
        apply_preset=True,
        **_values(kind=ReportKind.SIX_MONTHLY),
    )

    report.refresh_from_db()
    assert report.sections == preset_sections(ReportKind.SIX_MONTHLY)
    assert (report.range_start, report.range_end) == (date(2018, 4, 1), date(2018, 9, 1))


@pytest.mark.django_db
def test_report_save_refuses_a_stale_version_and_saves_nothing():
    author = UserFactory()
    report = report_save(
        report=Report(agenda_item=AgendaItemFactory(contract=None), author=author),
        user=author,
        **_values(sections=[]),
    )
    seen = report.version
    report_save(report=report, user=author, version=seen, **_values(sections=[], title="New"))

    with pytest.raises(EditConflict):
        report_save(report=report, user=author, version=seen, **_values(sections=[], title="X"))

    report.refresh_from_db()
    assert report.title == "New"


@pytest.mark.django_db
def test_report_save_refuses_kpi_sections_for_an_item_about_no_contract():
    author = UserFactory()
    with pytest.raises(ValidationError):
        report_save(
            report=Report(agenda_item=AgendaItemFactory(contract=None), author=author),
            user=author,
            **_values(sections=[SectionKind.PERFORMANCE]),
        )
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_narrative_sections_are_added_in_order_moved_and_removed_keeping_positions():
    author = UserFactory()
    report = report_save(
        report=Report(agenda_item=AgendaItemFactory(contract=None), author=author),
        user=author,
        **_values(sections=[]),
    )
    first, second, third = (
        narrative_add(report=report, heading=heading, text="Text.", user=author)
        for heading in ("Background", "Housekeeping", "Approach")
    )

    narrative_move(section=third, direction="up", user=author)
    assert list(report.narrative.values_list("heading", flat=True)) == [
        "Background",
        "Approach",
        "Housekeeping",
    ]
    narrative_remove(section=first, user=author)
    assert list(report.narrative.values_list("heading", "position")) == [
        ("Approach", 1),
        ("Housekeeping", 2),
    ]
    second.refresh_from_db()
    narrative_update(section=second, heading="Council Housekeeping", text="New.", user=author)
    assert report.narrative.get(position=2).heading == "Council Housekeeping"
    with pytest.raises(ValidationError):
        narrative_move(section=second, direction="sideways", user=author)
