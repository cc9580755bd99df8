import pytest
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    IMTProjectFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def test_an_imt_project_page_lists_the_resolutions_and_actions_linked_to_it(
    client, contract, board_member
):
    project = IMTProjectFactory(number=277, title="OpenText Migration", contract=contract)
    item = AgendaItemFactory(contract=contract, title="Quarterly performance report")
    item.meeting.board.members.add(board_member)
    ResolutionFactory(
        agenda_item=item, number=1, text="That progress on 277 be noted.", imt_project=project
    )
    ActionFactory(agenda_item=item, description="Report the new go-live date", imt_project=project)
    ActionFactory(agenda_item=item, description="Unrelated action")
    client.force_login(board_member)
    page = client.get(reverse("imt_projects:detail", args=[277])).content.decode()
    assert "That progress on 277 be noted." in page
    assert "Report the new go-live date" in page
    assert "Unrelated action" not in page


def test_the_action_form_offers_the_projects_of_the_items_contract(client, contract, clerk):
    project = IMTProjectFactory(number=277, contract=contract)
    other = IMTProjectFactory(number=300)
    item = AgendaItemFactory(contract=contract)
    client.force_login(clerk)
    page = client.get(reverse("minutes:action_create", args=[item.pk])).content.decode()
    assert f'value="{project.pk}"' in page
    assert f'value="{other.pk}"' not in page
