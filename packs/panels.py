"""The packs' panels on the meeting page and the home page (see core/panels.py)."""

from .permissions import can_publish
from .selectors import upcoming_meetings_with_packs


def meeting_pack(request, meeting) -> dict:
    """The meeting's agenda pack: the latest published version, or that there is none,
    and the late flag (judged on the first publication)."""
    versions = list(meeting.pack_versions.order_by("number"))
    return {
        "meeting": meeting,
        "first": versions[0] if versions else None,
        "latest": versions[-1] if versions else None,
        "can_publish": can_publish(request.user, meeting),
    }


def home_packs(request, user) -> dict | None:
    """A board member's next meetings, with links to their published packs."""
    meetings = upcoming_meetings_with_packs(user)
    if not meetings:
        return None
    return {"meetings": meetings}
