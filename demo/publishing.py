"""The agenda pack of the Overview and Scrutiny Management Board meeting of 25 October
2018, published by the clerk and dated Tuesday 16 October 2018 (six clear working days
before the meeting), and resolution (1) of item 5 citing the report's pages in that
pack. Run before the minutes are confirmed; a second run publishes nothing new."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from minutes.models import Meeting
from minutes.services import resolution_update
from packs.models import PackVersion
from packs.services.publishing import pack_publish

from .dating import LONDON
from .minutes import OSMB

MEETING_DATE = date(2018, 10, 25)
PUBLISHED_AT = datetime(2018, 10, 16, 11, 0, tzinfo=LONDON)
ITEM_NUMBER = 5
APPROACH = (
    "That the proposed approach to future overview and scrutiny, as detailed in the "
    "report on pages {pages} of the agenda pack, be supported."
)


def publish_pack() -> PackVersion:
    meeting = Meeting.objects.select_related("board").get(board__name=OSMB, date=MEETING_DATE)
    version = PackVersion.objects.latest_for(meeting)
    if version is None:
        clerk = get_user_model().objects.get(username="clerk")
        version = pack_publish(meeting=meeting, user=clerk)
        _date_publication(version)
        version.refresh_from_db()
    _cite_pages(meeting)
    return version


def _date_publication(version: PackVersion) -> None:
    """Date the publication to when the clerk published (see dating.py). A version's own
    manager refuses every update, so the demo dates the row it has just created through
    a plain queryset, as it dates other rows, never by saving it again."""
    QuerySet(model=PackVersion).filter(pk=version.pk).update(published_at=PUBLISHED_AT)


def _cite_pages(meeting: Meeting) -> None:
    item = meeting.items.get(number=ITEM_NUMBER)
    resolution = item.resolutions.get(number=1)
    text = APPROACH.format(pages=item.pages)
    if resolution.text != text and not meeting.is_locked:
        resolution_update(
            resolution=resolution,
            text=text,
            kpi=resolution.kpi,
            imt_project=resolution.imt_project,
        )
