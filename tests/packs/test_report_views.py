from datetime import date

import pytest
from django.urls import reverse

from contracts.choices import Role
from packs.choices import SectionKind
from packs.models import Report
from tests.factories import AgendaItemFactory, MembershipFactory, UserFactory

from .reporting import build_contract, item_about, report_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    contract = build_contract(kpis=2, months=6)
    return item_about(contract, title="CSSC quarterly performance")


def member_of(item, role, *, on_board=True):
    user = UserFactory()
    MembershipFactory(user=user, contract=item.contract, role=role)
    if on_board:
        item.meeting.board.members.add(user)
    return user


def edit_url(item):
    return reverse("packs:report_edit", args=[item.pk])


def detail_url(item):
    return reverse("packs:report_detail", args=[item.pk])


def form_data(**changes):
    return {
        "kind": "quarterly",
        "title": "Quarterly performance report",
        "officer": "Chief Commercial Officer",
        "purpose": "To consider performance.",
        "recommendations": "That the report be noted.",
        "section_performance": "1",
        "section_imt_appendix": "2",
        "range_start": "2018-04",
        "range_end": "2018-09",
        **changes,
    }


def test_a_contract_manager_on_the_board_writes_the_report_and_the_board_reads_it(client, item):
    manager = member_of(item, Role.CONTRACT_MANAGER)
    client.force_login(manager)

    shown = client.get(edit_url(item))
    assert shown.status_code == 200
    assert 'value="CSSC quarterly performance"' in shown.content.decode()
    response = client.post(edit_url(item), form_data())

    assert response.status_code == 302
    report = Report.objects.get(agenda_item=item)
    assert report.sections == [SectionKind.PERFORMANCE, SectionKind.IMT_APPENDIX]
    assert report.author == manager
    client.force_login(member_of(item, Role.BOARD_MEMBER))
    page = client.get(detail_url(item)).content.decode()
    assert "Table 1 — KPI Summary Performance, April 2018 to September 2018" in page
    assert "Appendix A — Top 20 priority IMT projects" in page
    assert "Change the report" not in page


def test_the_meeting_page_links_to_the_report(client, item):
    report_on(item, sections=[], title="CSSC report for the quarter")
    client.force_login(member_of(item, Role.CONTRACT_MANAGER))

    page = client.get(item.meeting.get_absolute_url()).content.decode()

    assert "CSSC report for the quarter" in page
    assert detail_url(item) in page and edit_url(item) in page


def test_a_board_member_may_read_but_not_write_the_report(client, item):
    report_on(item, sections=[])
    client.force_login(member_of(item, Role.BOARD_MEMBER))

    assert client.get(detail_url(item)).status_code == 200
    assert client.get(edit_url(item)).status_code == 403
    assert client.post(edit_url(item), form_data(title="Changed")).status_code == 403
    assert Report.objects.get().title != "Changed"


def test_someone_outside_the_board_or_the_contract_finds_no_report(client, item):
    report_on(item, sections=[])
    for user in (UserFactory(), member_of(item, Role.CONTRACT_MANAGER, on_board=False)):
        client.force_login(user)
        assert client.get(detail_url(item)).status_code == 404
    # A manager off the board finds no report to write; someone who writes no reports
    # anywhere is refused before the item is looked up.
    assert client.get(edit_url(item)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(edit_url(item)).status_code == 403


def test_a_clerk_writes_the_report_of_an_item_about_no_contract(client, clerk):
    item = AgendaItemFactory(contract=None, meeting__date=date(2018, 10, 25))
    client.force_login(clerk)

    page = client.get(edit_url(item)).content.decode()
    assert 'name="section_performance"' not in page
    response = client.post(
        edit_url(item), form_data(section_performance="", section_imt_appendix="1")
    )

    assert response.status_code == 302
    assert Report.objects.get(agenda_item=item).sections == [SectionKind.IMT_APPENDIX]


def test_two_sections_at_one_position_are_refused_naming_them(client, item):
    client.force_login(member_of(item, Role.CONTRACT_MANAGER))

    response = client.post(edit_url(item), form_data(section_exceptions="1", range_end="2018-02"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Exceptions and Performance against KPIs are both at position 1" in page
    assert "The last month must not be before the first month." in page
    assert not Report.objects.exists()


def test_the_author_adds_moves_and_removes_narrative_sections(client, item):
    report = report_on(item, sections=[])
    client.force_login(member_of(item, Role.CONTRACT_MANAGER))
    add = reverse("packs:narrative_add", args=[item.pk])
    for heading in ("Background", "Council Housekeeping"):
        assert client.post(add, {"heading": heading, "text": "Some text."}).status_code == 302
    second = report.narrative.get(heading="Council Housekeeping")

    client.post(reverse("packs:narrative_move", args=[second.pk]), {"direction": "up"})
    page = client.get(detail_url(item)).content.decode()
    assert page.index("Council Housekeeping") < page.index("Background")
    client.post(reverse("packs:narrative_remove", args=[second.pk]))

    assert list(report.narrative.values_list("heading", "position")) == [("Background", 1)]


def test_a_board_member_cannot_change_narrative_sections(client, item):
    report = report_on(item, sections=[])
    section = report.narrative.create(position=1, heading="Background", text="Text.")
    client.force_login(member_of(item, Role.BOARD_MEMBER))

    assert client.post(reverse("packs:narrative_remove", args=[section.pk])).status_code == 403
    edit = reverse("packs:narrative_edit", args=[section.pk])
    assert client.post(edit, {"heading": "Changed", "text": "x"}).status_code == 403
    assert report.narrative.get().heading == "Background"
