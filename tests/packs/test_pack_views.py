from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    PackVersionFactory,
    UserFactory,
)
from tests.factories.packs import FAKE_HTML, FAKE_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory(username="councillor")


@pytest.fixture
def outsider():
    return UserFactory(username="outsider")


@pytest.fixture
def meeting(member):
    meeting = MeetingFactory(
        board=BoardFactory(name="Overview and Scrutiny Management Board", members=[member]),
        date=date(2018, 10, 25),
    )
    AgendaItemFactory(meeting=meeting, number=1, title="Apologies for absence")
    return meeting


def _urls(meeting) -> dict:
    return {
        "page": reverse("packs:pack", args=[meeting.pk]),
        "latest": reverse("packs:latest_pdf", args=[meeting.pk]),
        "v1": reverse("packs:version_pdf", args=[meeting.pk, 1]),
        "exempt": reverse("packs:exempt_pdf", args=[meeting.pk]),
        "v1_html": reverse("packs:version_html", args=[meeting.pk, 1]),
    }


def test_pack_downloads_are_404_before_publication(client, meeting, clerk):
    client.force_login(clerk)
    urls = _urls(meeting)
    assert client.get(urls["page"]).status_code == 200
    for name in ("latest", "v1", "exempt", "v1_html"):
        assert client.get(urls[name]).status_code == 404, name


def test_pack_member_reads_the_published_pdf_inline(client, meeting, member):
    PackVersionFactory(meeting=meeting, with_exempt=True)
    client.force_login(member)
    for name in ("latest", "v1", "exempt"):
        response = client.get(_urls(meeting)[name])
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline; filename=")
        assert response.content == FAKE_PDF
    html = client.get(_urls(meeting)["v1_html"])
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html.content.decode() == FAKE_HTML
    disposition = client.get(_urls(meeting)["latest"])["Content-Disposition"]
    assert "overview-and-scrutiny-management-board-2018-10-25-agenda-pack-v1.pdf" in disposition


def test_pack_non_member_can_neither_see_nor_download(client, meeting, outsider):
    PackVersionFactory(meeting=meeting, with_exempt=True)
    client.force_login(outsider)
    for name, url in _urls(meeting).items():
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("who", ["clerk", "administrator", "member"])
def test_pack_exempt_pdf_opens_for_members_clerks_and_administrators(client, meeting, who, request):
    PackVersionFactory(meeting=meeting, with_exempt=True)
    client.force_login(request.getfixturevalue(who))
    assert client.get(_urls(meeting)["exempt"]).status_code == 200


def test_pack_publish_refused_to_a_board_member_and_a_non_member(client, meeting, member, outsider):
    # Only clerks and administrators publish: anyone else is refused before the meeting
    # is looked up, so a non-member learns nothing of it either.
    url = reverse("packs:publish", args=[meeting.pk])
    for user in (member, outsider):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert not meeting.pack_versions.exists()


def test_pack_page_shows_versions_hashes_and_the_late_flag(client, meeting, member):
    late = datetime(2018, 10, 19, 9, tzinfo=UTC)  # Friday before a Thursday meeting
    version = PackVersionFactory(meeting=meeting, published_at=late)
    client.force_login(member)
    page = client.get(_urls(meeting)["page"]).content.decode()
    assert version.sha256 in page
    assert "Published late (Local Government Act 1972 s.100B)" in page
    assert "3 clear working days" in page
    assert "Publish the agenda pack" not in page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Published late (Local Government Act 1972 s.100B)" in meeting_page
    assert _urls(meeting)["latest"] in meeting_page


def test_pack_published_on_time_is_not_flagged(client, meeting, clerk):
    PackVersionFactory(meeting=meeting, published_at=datetime(2018, 10, 17, 9, tzinfo=UTC))
    client.force_login(clerk)
    page = client.get(_urls(meeting)["page"]).content.decode()
    assert "Published late" not in page
    assert "Publish a supplement (version 2)" in page


@time_machine.travel(datetime(2018, 10, 20, 9, tzinfo=UTC), tick=False)
def test_home_lists_a_members_next_meetings_with_their_packs(client, meeting, member):
    later = MeetingFactory(board=meeting.board, date=date(2018, 11, 29))
    PackVersionFactory(meeting=meeting)
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "Your next meetings" in page
    assert _urls(meeting)["latest"] in page
    assert later.get_absolute_url() in page and "agenda pack not yet published" in page


def test_meeting_page_offers_the_pack_to_a_clerk_before_publication_and_no_one_else(
    client, meeting, clerk, member
):
    pack_page = _urls(meeting)["page"]
    client.force_login(clerk)
    assert (
        "Preview and publish the agenda pack"
        in client.get(meeting.get_absolute_url()).content.decode()
    )
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "agenda pack" not in page.lower() and pack_page not in page
