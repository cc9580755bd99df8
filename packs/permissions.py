"""Who may do what with reports and agenda packs. Views call these, never decide
themselves; who sees a meeting at all is the minutes' `visible_to`."""

from minutes.models import Meeting
from minutes.permissions import can_edit_minutes


def can_publish(user, meeting: Meeting) -> bool:
    """Preview and publish the meeting's pack, and its supplements: the clerks and
    administrators, who write the minutes."""
    return can_edit_minutes(user)


def can_read_pack(user, meeting: Meeting) -> bool:
    """The public pack: anyone who may see the meeting."""
    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


def can_read_exempt(user, meeting: Meeting) -> bool:
    """The exempt pack (Schedule 12A): the board's members, clerks and administrators."""
    if can_edit_minutes(user):
        return True
    return user.is_authenticated and meeting.board.members.filter(pk=user.pk).exists()
