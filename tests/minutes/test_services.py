from datetime import date

import pytest
from django.core.exceptions import ValidationError

from minutes import services
from minutes.choices import MeetingStatus
from minutes.models import Resolution
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def texts(item):
    return list(item.resolutions.order_by("number").values_list("number", "text"))


def test_resolution_add_numbers_resolutions_one_to_n():
    item = AgendaItemFactory()
    for text in ("That A.", "That B.", "That C."):
        services.resolution_add(agenda_item=item, text=text)
    assert texts(item) == [(1, "That A."), (2, "That B."), (3, "That C.")]


def test_resolution_add_numbers_each_item_separately():
    first, second = AgendaItemFactory(), AgendaItemFactory()
    services.resolution_add(agenda_item=first, text="That A.")
    assert services.resolution_add(agenda_item=second, text="That B.").number == 1


def test_resolution_move_swaps_with_the_neighbour_and_keeps_numbers_one_to_n():
    item = AgendaItemFactory()
    a, b, c = (services.resolution_add(agenda_item=item, text=t) for t in ("A", "B", "C"))
    services.resolution_move(resolution=c, direction="up")
    assert texts(item) == [(1, "A"), (2, "C"), (3, "B")]
    services.resolution_move(resolution=a, direction="down")
    assert texts(item) == [(1, "C"), (2, "A"), (3, "B")]


def test_resolution_move_past_either_end_changes_nothing():
    item = AgendaItemFactory()
    a, b = (services.resolution_add(agenda_item=item, text=t) for t in ("A", "B"))
    services.resolution_move(resolution=a, direction="up")
    services.resolution_move(resolution=b, direction="down")
    assert texts(item) == [(1, "A"), (2, "B")]


def test_resolution_move_refuses_an_unknown_direction():
    resolution = ResolutionFactory()
    with pytest.raises(ValidationError):
        services.resolution_move(resolution=resolution, direction="sideways")


def confirmed_meeting():
    meeting = MeetingFactory(date=date(2018, 10, 25))
    later = MeetingFactory(board=meeting.board, date=date(2018, 11, 29))
    item = AgendaItemFactory(meeting=meeting, number=1)
    resolution = ResolutionFactory(agenda_item=item, number=1)
    action = ActionFactory(agenda_item=item)
    services.minutes_confirm(meeting=meeting, confirmed_at=later)
    return meeting, item, resolution, action


def test_minutes_confirm_records_the_later_meeting_and_locks_the_minutes():
    meeting, *_ = confirmed_meeting()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_CONFIRMED
    assert meeting.confirmed_at.date == date(2018, 11, 29)
    assert meeting.is_locked


def test_minutes_confirm_needs_a_later_meeting_of_the_same_board():
    meeting = MeetingFactory(date=date(2018, 10, 25))
    earlier = MeetingFactory(board=meeting.board, date=date(2018, 9, 1))
    other_board = MeetingFactory(date=date(2018, 12, 1))
    for confirmed_at in (earlier, other_board):
        with pytest.raises(ValidationError):
            services.minutes_confirm(meeting=meeting, confirmed_at=confirmed_at)


def test_minutes_of_a_meeting_not_yet_held_cannot_be_confirmed():
    meeting = MeetingFactory(date=date(2018, 10, 25), status=MeetingStatus.SCHEDULED)
    later = MeetingFactory(board=meeting.board, date=date(2018, 11, 29))
    with pytest.raises(ValidationError):
        services.minutes_confirm(meeting=meeting, confirmed_at=later)


def test_confirmed_minutes_refuse_every_change_with_a_clear_message():
    meeting, item, resolution, _ = confirmed_meeting()
    attempts = [
        lambda: services.resolution_add(agenda_item=item, text="That more."),
        lambda: services.resolution_update(resolution=resolution, text="Changed"),
        lambda: services.resolution_move(resolution=resolution, direction="up"),
        lambda: services.item_save(item=item),
        lambda: services.meeting_save(meeting=meeting),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as raised:
            attempt()
        assert raised.value.messages == [
            "These minutes were confirmed at the meeting of 29 November 2018 and are locked, "
            "so they cannot be changed. Their actions can still be updated."
        ]
    assert Resolution.objects.get().text == resolution.text


def test_the_actions_of_confirmed_minutes_stay_editable():
    *_, action = confirmed_meeting()
    action.status = "done"
    action.closing_note = "Reported in January."
    services.action_save(action=action)
    action.refresh_from_db()
    assert (action.status, action.closing_note) == ("done", "Reported in January.")


def test_item_save_numbers_a_new_item_after_the_last():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=4)
    item = services.item_save(item=AgendaItemFactory.build(meeting=meeting, number=None))
    assert item.number == 5


def test_action_save_refuses_a_resolution_of_another_item():
    action = ActionFactory.build(agenda_item=AgendaItemFactory(), resolution=ResolutionFactory())
    with pytest.raises(ValidationError):
        services.action_save(action=action)


def test_every_write_keeps_history():
    item = AgendaItemFactory()
    resolution = services.resolution_add(agenda_item=item, text="That A.")
    services.resolution_update(resolution=resolution, text="That B.")
    assert resolution.history.count() == 2
