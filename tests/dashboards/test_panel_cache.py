"""The dashboard's IMT and minutes panels are cached (`dashboards.views._dashboard_panels`)
under `selectors.dashboard_markers`: a warm page must still show every change to what the
panels show, and show each user only what they may see."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from contracts.choices import Role
from dashboards.selectors import dashboard_markers
from minutes.choices import ActionStatus
from tests.factories import ContractFactory, MembershipFactory, UserFactory
from tests.factories.imt import GoLiveRevisionFactory, IMTProjectFactory, ProjectUpdateFactory
from tests.factories.minutes import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    return ContractFactory(closed_through=date(2018, 9, 1))


@pytest.fixture
def member(contract):
    user = UserFactory()
    MembershipFactory(user=user, contract=contract, role=Role.BOARD_MEMBER)
    return user


@pytest.fixture
def board(member):
    return BoardFactory(name="Partnership Board", members=[member])


@pytest.fixture
def action(contract, board):
    meeting = MeetingFactory(board=board, date=date(2018, 9, 19))
    item = AgendaItemFactory(meeting=meeting, contract=contract)
    return ActionFactory(agenda_item=item, description="Chase the supplier")


def page(client, user, contract) -> str:
    client.force_login(user)
    response = client.get(reverse("contract_dashboard", args=[contract.reference]))
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def test_a_warm_dashboard_shows_an_edited_or_closed_action(client, member, contract, action):
    assert "Chase the supplier" in page(client, member, contract)
    action.description = "Chase the supplier again"
    action.save()
    assert "Chase the supplier again" in page(client, member, contract)
    action.status = ActionStatus.DONE
    action.save()
    assert "Chase the supplier" not in page(client, member, contract)


def test_a_warm_dashboard_shows_a_new_meeting_and_a_renamed_board(
    client, member, contract, action, board
):
    assert "Next meeting" not in page(client, member, contract)
    meeting = MeetingFactory(board=board, date=date(2018, 10, 17))
    AgendaItemFactory(meeting=meeting, contract=contract, title="September performance")
    assert "Next meeting: Partnership Board, 17 October 2018" in page(client, member, contract)
    board.name = "Performance Board"
    board.save()
    assert "Next meeting: Performance Board, 17 October 2018" in page(client, member, contract)


def imt_panel(text: str) -> str:
    return text.split("Top 20 IMT projects", 1)[1]


def test_a_warm_dashboard_shows_an_imt_update_and_a_moved_go_live(client, member, contract):
    project = IMTProjectFactory(contract=contract, priority=1, title="Mosaic upgrade")
    ProjectUpdateFactory(project=project, rag="green")
    first = imt_panel(page(client, member, contract))
    assert "RAGProjects Green1" in first
    assert "No go-live date moved in this range." in first
    ProjectUpdateFactory(project=project, month=date(2018, 10, 1), rag="red")
    GoLiveRevisionFactory(
        project=project, reason="Supplier resources moved", recorded_at="2018-09-10T10:00Z"
    )
    then = imt_panel(page(client, member, contract))
    assert "RAGProjects Red1" in then
    assert "Supplier resources moved" in then


def test_the_cached_panel_shows_each_user_only_what_they_may_see(
    client, member, contract, action, board
):
    outsider = UserFactory()  # a member of the contract but not of the board
    MembershipFactory(user=outsider, contract=contract, role=Role.BOARD_MEMBER)
    assert "Chase the supplier" in page(client, member, contract)
    assert "Chase the supplier" not in page(client, outsider, contract)
    board.members.add(outsider)
    assert "Chase the supplier" in page(client, outsider, contract)
    board.members.remove(member)
    assert "Chase the supplier" not in page(client, member, contract)


def test_dashboard_markers_change_with_the_users_contracts(contract, member):
    before = dashboard_markers(contract, member)
    MembershipFactory(user=member, contract=ContractFactory(), role=Role.BOARD_MEMBER)
    after = dashboard_markers(contract, member)

    assert before[0] == after[0]  # the body is the same for everyone
    assert before[1] != after[1]
    assert dashboard_markers(contract, member) == after  # and stays while nothing changes


def test_dashboard_markers_of_the_panels_change_with_an_edit_of_the_contract(contract, member):
    before = dashboard_markers(contract, member)[1]
    contract.title = "Renamed"
    contract.save()

    assert dashboard_markers(contract, member)[1] != before
