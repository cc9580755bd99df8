from datetime import datetime

from django.core.management import call_command

from demo.dating import LONDON
from minutes.models import Meeting
from packs.corrections import corrections_since
from packs.integrity import verify_version


def test_the_demo_publishes_the_october_2018_pack_once_and_on_time(demo):
    meeting = Meeting.objects.get(
        board__name="Overview and Scrutiny Management Board", date="2018-10-25"
    )
    version = meeting.pack_versions.get()
    assert version.published_at == datetime(2018, 10, 16, 11, 0, tzinfo=LONDON)
    assert version.published_by.username == "clerk"
    assert not version.is_late and version.clear_days_before_meeting == 6
    assert verify_version(version) == []
    assert corrections_since(version) == []

    call_command("seed_demo", force=True, verbosity=0)

    assert [v.sha256 for v in meeting.pack_versions.all()] == [version.sha256]
