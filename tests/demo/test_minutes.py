from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from minutes.models import Action, AgendaItem, Board, Meeting, Resolution

pytestmark = pytest.mark.django_db

MODELS = (Board, Meeting, AgendaItem, Resolution, Action)


def snapshot():
    return (
        [list(model.objects.order_by("pk").values()) for model in MODELS],
        [model.history.count() for model in MODELS],
        list(Board.members.through.objects.order_by("pk").values()),
    )


def test_running_seed_demo_twice_changes_no_minutes_and_writes_no_history(demo):
    before = snapshot()
    call_command("seed_demo", force=True, verbosity=0)
    assert snapshot() == before


def test_the_demo_has_the_october_2018_scrutiny_meeting_with_four_resolutions(demo):
    meeting = Meeting.objects.get(
        board__name="Overview and Scrutiny Management Board", date=date(2018, 10, 25)
    )
    assert meeting.is_locked and meeting.confirmed_at.date == date(2018, 11, 29)
    item = meeting.items.get()
    assert item.report_by == "Chief Commercial Officer"
    assert "OpenText Migration" in item.points and "21 January 2019" in item.points
    # Resolution (1) cites the report's pages in the published agenda pack.
    pack = meeting.pack_versions.get()
    first, _, last = item.pages.partition("–")
    assert 1 <= int(first) < int(last) <= pack.page_count
    assert [r.text for r in item.resolutions.order_by("number")][0] == (
        "That the proposed approach to future overview and scrutiny, as detailed in the "
        f"report on pages {item.pages} of the agenda pack, be supported."
    )
    assert item.resolutions.count() == 4
    assert item.actions.filter(status__in=["open", "in_progress"]).count() == 3
    assert meeting.board.members.filter(username="board").exists()


def test_the_demo_minutes_print_in_the_traditional_layout(client, demo, django_user_model):
    meeting = Meeting.objects.get(date=date(2018, 10, 25))
    client.force_login(django_user_model.objects.get(username="board"))
    response = client.get(reverse("minutes:meeting_minutes", args=[meeting.pk]))
    page = " ".join(strip_tags(response.content.decode()).split())
    assert "Apologies for absence were received from Councillor Tom Ashby." in page
    assert (
        "RESOLVED (1) That the proposed approach to future overview and scrutiny, as detailed "
        f"in the report on pages {meeting.items.get().pages} of the agenda pack, be supported. "
        "(2) That the Board records its reassurance on the performance of the contract."
    ) in page


def test_the_partnership_board_has_an_exempt_item_the_board_user_cannot_see(
    client, demo, django_user_model
):
    exempt = AgendaItem.objects.get(exempt=True)
    assert exempt.meeting.board.name == "Corporate Support Services Partnership Board"
    client.force_login(django_user_model.objects.get(username="board"))
    assert client.get(exempt.meeting.get_absolute_url()).status_code == 404
    for username in ("clerk", "manager"):
        client.force_login(django_user_model.objects.get(username=username))
        assert exempt.title in client.get(exempt.meeting.get_absolute_url()).content.decode()


def test_the_demo_boards_meetings_are_read_by_their_members(client, demo, django_user_model):
    listed = {}
    for username in ("officer", "manager", "board", "clerk"):
        client.force_login(django_user_model.objects.get(username=username))
        page = client.get(reverse("minutes:meeting_list")).content.decode()
        listed[username] = {
            board for board in ("Overview and Scrutiny", "Partnership Board") if board in page
        }
    assert listed["officer"] == set()
    assert listed["board"] == {"Overview and Scrutiny"}
    assert listed["manager"] == listed["clerk"] == {"Overview and Scrutiny", "Partnership Board"}
