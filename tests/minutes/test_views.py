import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from minutes import services
from minutes.models import Action, AgendaItem, Meeting, Resolution
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    ContractFactory,
    MeetingFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


@pytest.fixture
def meeting(contract):
    meeting = MeetingFactory(date=date(2018, 10, 25))
    item = AgendaItemFactory(meeting=meeting, number=5, contract=contract, title="Quarterly report")
    ResolutionFactory(agenda_item=item, number=1, text="That the report be noted.")
    ActionFactory(agenda_item=item, description="Report exceptions")
    return meeting


def edit_pages(meeting):
    item = meeting.items.get()
    resolution = item.resolutions.get()
    action = item.actions.get()
    return [
        reverse("minutes:meeting_create"),
        reverse("minutes:meeting_edit", args=[meeting.pk]),
        reverse("minutes:minutes_confirm", args=[meeting.pk]),
        reverse("minutes:item_create", args=[meeting.pk]),
        reverse("minutes:item_edit", args=[item.pk]),
        reverse("minutes:resolution_create", args=[item.pk]),
        reverse("minutes:resolution_edit", args=[resolution.pk]),
        reverse("minutes:resolution_move", args=[resolution.pk]),
        reverse("minutes:action_create", args=[item.pk]),
        reverse("minutes:action_edit", args=[action.pk]),
    ]


def test_only_clerks_and_administrators_edit_minutes(
    client, meeting, officer, board_member, manager, clerk, administrator
):
    for user in (officer, board_member, manager):
        client.force_login(user)
        for url in edit_pages(meeting):
            assert client.post(url, {"title": "Changed"}).status_code == 403, (user, url)
    for user in (clerk, administrator):
        client.force_login(user)
        for url in edit_pages(meeting):
            assert client.get(url).status_code in (200, 405), (user, url)


def test_a_clerk_records_a_meeting_an_item_and_numbered_resolutions(client, clerk):
    board = BoardFactory()
    client.force_login(clerk)
    response = client.post(
        reverse("minutes:meeting_create"),
        {"board": board.pk, "date": "2018-10-25", "start_time": "10:00", "status": "held"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    client.post(
        reverse("minutes:item_create", args=[meeting.pk]),
        {"title": "Quarterly report", "minutes": "Considered.\n\n- a point"},
    )
    item = AgendaItem.objects.get()
    assert item.number == 1
    for text in ("That A.", "That B."):
        client.post(reverse("minutes:resolution_create", args=[item.pk]), {"text": text})
    second = Resolution.objects.get(text="That B.")
    client.post(reverse("minutes:resolution_move", args=[second.pk]), {"direction": "up"})
    assert list(item.resolutions.values_list("number", "text")) == [(1, "That B."), (2, "That A.")]


def test_a_new_meeting_cannot_be_marked_confirmed_by_editing(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("minutes:meeting_create"),
        {"board": BoardFactory().pk, "date": "2018-10-25", "status": "minutes_confirmed"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def lock(meeting):
    later = MeetingFactory(board=meeting.board, date=date(2018, 11, 29))
    services.minutes_confirm(meeting=meeting, confirmed_at=later)


def test_confirmed_minutes_refuse_changes_with_a_clear_message(client, meeting, clerk):
    lock(meeting)
    item = meeting.items.get()
    client.force_login(clerk)
    response = client.post(
        reverse("minutes:item_edit", args=[item.pk]),
        {"number": 5, "title": "Rewritten"},
        follow=True,
    )
    assert "These minutes were confirmed at the meeting of 29 November 2018 and are locked" in (
        response.content.decode()
    )
    assert AgendaItem.objects.get().title == "Quarterly report"
    resolution = item.resolutions.get()
    client.post(reverse("minutes:resolution_create", args=[item.pk]), {"text": "That more."})
    client.post(reverse("minutes:resolution_move", args=[resolution.pk]), {"direction": "down"})
    assert list(Resolution.objects.values_list("text", flat=True)) == ["That the report be noted."]


def test_the_actions_of_confirmed_minutes_stay_editable(client, meeting, clerk):
    lock(meeting)
    action = Action.objects.get()
    client.force_login(clerk)
    response = client.post(
        reverse("minutes:action_edit", args=[action.pk]),
        {
            "description": action.description,
            "owner": "Chief Commercial Officer",
            "status": "done",
            "closing_note": "Reported in January.",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().closing_note == "Reported in January."


def test_minutes_text_is_escaped_on_the_page(client, meeting, clerk):
    AgendaItem.objects.update(minutes="<script>alert(1)</script>\n\n- <b>point</b>")
    client.force_login(clerk)
    for name in ("meeting_detail", "meeting_minutes"):
        content = client.get(reverse(f"minutes:{name}", args=[meeting.pk])).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<li>&lt;b&gt;point&lt;/b&gt;</li>" in content


def test_printable_minutes_say_resolved_that_for_a_single_resolution(client, meeting, officer):
    meeting.board.members.add(officer)
    client.force_login(officer)
    page = text_of(client.get(reverse("minutes:meeting_minutes", args=[meeting.pk])))
    assert "Minutes:" in page
    assert "RESOLVED That the report be noted." in page
    assert "(1)" not in page


def test_printable_minutes_number_several_resolutions(client, meeting, officer):
    item = meeting.items.get()
    ResolutionFactory(agenda_item=item, number=2, text="That officers act.")
    meeting.board.members.add(officer)
    client.force_login(officer)
    page = text_of(client.get(reverse("minutes:meeting_minutes", args=[meeting.pk])))
    assert "RESOLVED (1) That the report be noted. (2) That officers act." in page


@pytest.fixture
def exempt(meeting, contract):
    item = AgendaItemFactory(
        meeting=meeting,
        number=6,
        contract=contract,
        exempt=True,
        title="Secret negotiations",
        minutes="Extension pricing",
    )
    ResolutionFactory(agenda_item=item, number=1, text="That the extension pricing be kept.")
    ActionFactory(agenda_item=item, description="Model the extension pricing")
    return item


EXEMPT_MARKERS = ["Secret negotiations", "pricing be kept", "Model the extension pricing"]


def pages_showing_exempt(meeting):
    return [
        reverse("minutes:meeting_detail", args=[meeting.pk]),
        reverse("minutes:meeting_minutes", args=[meeting.pk]),
        reverse("minutes:search") + "?q=pricing",
        reverse("minutes:action_list"),
        reverse("minutes:action_list") + "?export=csv",
    ]


def test_exempt_items_are_hidden_from_everyone_but_board_members_clerks_and_admins(
    client, meeting, exempt, officer, board_member, clerk, administrator
):
    for user in (officer, board_member):
        client.force_login(user)
        for url in pages_showing_exempt(meeting):
            content = client.get(url).content.decode()
            assert not any(marker in content for marker in EXEMPT_MARKERS), (user, url)
        assert client.get(reverse("minutes:item_edit", args=[exempt.pk])).status_code == 403
    meeting.board.members.add(board_member)
    for user in (board_member, clerk, administrator):
        client.force_login(user)
        for url in pages_showing_exempt(meeting):
            content = client.get(url).content.decode()
            assert any(marker in content for marker in EXEMPT_MARKERS), (user, url)


def test_actions_about_a_contract_are_seen_by_its_members_only(client, meeting, officer):
    other = ContractFactory(reference="OTHER")
    item = AgendaItemFactory(meeting=meeting, number=7, contract=other)
    ActionFactory(agenda_item=item, description="Hidden action")
    meeting.board.members.add(officer)
    client.force_login(officer)
    content = client.get(reverse("minutes:action_list")).content.decode()
    assert "Report exceptions" in content and "Hidden action" not in content


def test_search_finds_minutes_and_resolutions_on_either_database(client, meeting, officer):
    from django.db import connection

    AgendaItem.objects.update(minutes="Members were reassured about the contract.")
    meeting.board.members.add(officer)
    client.force_login(officer)
    page = client.get(reverse("minutes:search"), {"q": "reassured"}).content.decode()
    assert "Quarterly report" in page
    page = client.get(reverse("minutes:search"), {"q": "noted"}).content.decode()
    assert "That the report be noted." in page
    stemmed = client.get(reverse("minutes:search"), {"q": "reassurance"}).content.decode()
    partial = client.get(reverse("minutes:search"), {"q": "reassur"}).content.decode()
    if connection.vendor == "postgresql":
        # Full-text search: English stemming matches other forms of the word.
        assert "Quarterly report" in stemmed
    else:
        # icontains: any part of a word matches, other forms do not.
        assert "Quarterly report" in partial and "Quarterly report" not in stemmed


def action_rows(client, **params):
    response = client.get(reverse("minutes:action_list"), {"export": "csv", **params})
    lines = response.content.decode("utf-8-sig").strip().splitlines()[1:]
    return [line.split(",")[0] for line in lines]


@time_machine.travel("2019-02-01 09:00 +0000", tick=False)
def test_the_action_list_puts_overdue_then_open_actions_first(client, meeting, clerk):
    item = meeting.items.get()
    Action.objects.all().delete()
    ActionFactory(agenda_item=item, description="Done", status="done", due_date=date(2018, 1, 1))
    ActionFactory(agenda_item=item, description="Later", due_date=date(2019, 6, 1))
    ActionFactory(agenda_item=item, description="Late", due_date=date(2018, 12, 1))
    client.force_login(clerk)
    assert action_rows(client) == ["Late", "Later", "Done"]
    page = client.get(reverse("minutes:action_list")).content.decode()
    assert "Overdue – open" in page


def test_the_action_list_filters_by_owner_board_contract_and_status(client, meeting, clerk):
    other_meeting = MeetingFactory()
    other = ContractFactory(reference="OTHER")
    item = AgendaItemFactory(meeting=other_meeting, contract=other)
    ActionFactory(agenda_item=item, description="Elsewhere", owner="Head of Finance", status="done")
    client.force_login(clerk)
    assert set(action_rows(client)) == {"Report exceptions", "Elsewhere"}
    assert action_rows(client, owner="finance") == ["Elsewhere"]
    assert action_rows(client, board=meeting.board.pk) == ["Report exceptions"]
    assert action_rows(client, contract="OTHER") == ["Elsewhere"]
    assert action_rows(client, status="open") == ["Report exceptions"]


def test_the_meeting_list_filters_by_board_and_year(client, meeting, officer):
    MeetingFactory(
        board=BoardFactory(name="Partnership Board", members=[officer]), date=date(2017, 5, 1)
    )
    meeting.board.members.add(officer)
    client.force_login(officer)
    url = reverse("minutes:meeting_list")
    page = client.get(url, {"year": 2017}).content.decode()
    assert "1 May 2017" in page and "25 Oct 2018" not in page
    page = client.get(url, {"board": meeting.board.pk}).content.decode()
    assert "1 May 2017" not in page and "25 Oct 2018" in page


def build(contract, meetings, reader):
    board = BoardFactory(name="Board", members=[reader])
    for n in range(meetings):
        meeting = MeetingFactory(board=board)
        item = AgendaItemFactory(meeting=meeting, contract=contract)
        ResolutionFactory(agenda_item=item)
        ActionFactory(agenda_item=item)


@pytest.mark.parametrize("meetings", [2, 30])
def test_list_query_counts_do_not_grow(
    client, contract, officer, meetings, django_assert_max_num_queries
):
    build(contract, meetings, officer)
    client.force_login(officer)
    for url in (reverse("minutes:meeting_list"), reverse("minutes:action_list")):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("minutes:action_list"), {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("contracts", [1, 5])
def test_a_meeting_pages_queries_do_not_grow_with_the_contracts_its_items_are_about(
    client, meeting, clerk, contracts, django_assert_num_queries
):
    for n in range(contracts):
        AgendaItemFactory(meeting=meeting, number=10 + n, contract=ContractFactory())
    client.force_login(clerk)
    client.get(reverse("minutes:meeting_list"))  # the session is read and saved once before
    with django_assert_num_queries(14):  # the memberships of every contract in one
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_kpi_page_lists_its_resolutions_and_actions(client, meeting, contract, manager):
    from tests.factories import KPIFactory

    kpi = KPIFactory(contract=contract, service_area=contract.service_areas.first())
    Resolution.objects.update(kpi=kpi)
    Action.objects.update(kpi=kpi)
    meeting.board.members.add(manager)
    client.force_login(manager)
    page = text_of(client.get(kpi.get_absolute_url()))
    assert "Resolution (1): That the report be noted." in page
    assert "Action: Report exceptions" in page


def test_a_kpi_with_nothing_linked_is_told_in_one_short_query(
    client, meeting, contract, manager, django_assert_num_queries
):
    from minutes.selectors import links_for_kpi
    from tests.factories import KPIFactory

    kpi, other = KPIFactory.create_batch(2, contract=contract)
    meeting.board.members.add(manager)
    with django_assert_num_queries(1):
        assert links_for_kpi(manager, kpi) == []
    Action.objects.filter(pk=Action.objects.first().pk).update(kpi=kpi)  # an action, alone
    assert [link["body"] for link in links_for_kpi(manager, kpi)] == ["Report exceptions"]
    assert links_for_kpi(manager, other) == []
    client.force_login(manager)
    page = text_of(client.get(other.get_absolute_url()))
    assert "No board resolutions or actions are linked to this KPI." in page


def test_the_dashboard_shows_open_actions_and_the_next_meeting(client, contract, board_member):
    board = BoardFactory(name="Partnership Board", members=[board_member])
    past = MeetingFactory(board=board, date=date(2018, 9, 19))
    ActionFactory(
        agenda_item=AgendaItemFactory(meeting=past, contract=contract),
        description="Chase the supplier",
    )
    nxt = MeetingFactory(board=board, date=date(2018, 10, 17))
    AgendaItemFactory(meeting=nxt, contract=contract, title="September performance")
    client.force_login(board_member)
    page = text_of(client.get(reverse("contract_dashboard", args=[contract.reference])))
    assert "Open actions: 1" in page and "Chase the supplier" in page
    assert "Next meeting: Partnership Board, 17 October 2018" in page


def test_a_meeting_is_seen_only_by_its_boards_members_clerks_and_administrators(
    client, meeting, officer, clerk, administrator
):
    url = meeting.get_absolute_url()
    client.force_login(officer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("minutes:meeting_minutes", args=[meeting.pk])).status_code == 404
    assert "25 Oct 2018" not in client.get(reverse("minutes:meeting_list")).content.decode()
    assert "Report exceptions" not in client.get(reverse("minutes:action_list")).content.decode()
    meeting.board.members.add(officer)
    for user in (officer, clerk, administrator):
        client.force_login(user)
        assert "Quarterly report" in client.get(url).content.decode()


def test_a_board_member_sees_nothing_about_a_contract_they_are_not_a_member_of(
    client, meeting, board_member
):
    """The board member is on the board and the CSSC contract, not on OTHER."""
    from tests.factories import IMTProjectFactory, KPIFactory, SupplierFactory

    other = ContractFactory(
        reference="OTHER", title="Other Outsourcing", supplier=SupplierFactory(name="Acme plc")
    )
    kpi = KPIFactory(contract=other, code="OTHER_KPI_01")
    project = IMTProjectFactory(number=901, title="Acme-only project", contract=other)
    item = AgendaItemFactory(meeting=meeting, number=7, contract=other, title="Other report")
    ResolutionFactory(agenda_item=item, number=1, text="That the other report be noted.")
    ActionFactory(agenda_item=item, description="Chase Acme")
    # Links to the other contract's KPI and project from an item the board member sees.
    cssc_item = meeting.items.get(number=5)
    ResolutionFactory(agenda_item=cssc_item, number=2, text="That 901 be watched.", kpi=kpi)
    ActionFactory(agenda_item=cssc_item, description="Ask about 901", imt_project=project)
    meeting.board.members.add(board_member)
    client.force_login(board_member)
    # Each page, and what the board member does see on it.
    pages = {
        meeting.get_absolute_url(): "That the report be noted.",
        reverse("minutes:meeting_minutes", args=[meeting.pk]): "That the report be noted.",
        reverse("minutes:search") + "?q=noted": "That the report be noted.",
        reverse("minutes:search") + "?q=watched": "No resolutions match",
        reverse("minutes:action_list"): "Report exceptions",
        reverse("minutes:action_list") + "?export=csv": "Report exceptions",
    }
    for url, seen in pages.items():
        content = client.get(url).content.decode()
        assert seen in content, url
        for secret in ("OTHER", "Other report", "Chase Acme", "901", "Acme"):
            assert secret not in content and secret.upper() not in content, (url, secret)
