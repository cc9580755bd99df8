from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from minutes.models import Meeting
from packs.services.publishing import pack_publish


class Command(BaseCommand):
    help = (
        "Publish a meeting's agenda pack (its next version) as a clerk or administrator; "
        "print the version, its pages and its SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, required=True, help="The meeting's id.")
        parser.add_argument("--user", required=True, help="Who publishes: a username.")

    def handle(self, *args, meeting, user, **options):
        try:
            meeting = Meeting.objects.select_related("board").get(pk=meeting)
        except Meeting.DoesNotExist as error:
            raise CommandError(f"There is no meeting with id {meeting}.") from error
        try:
            publisher = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"There is no active user called “{user}”.") from error
        try:
            version = pack_publish(meeting=meeting, user=publisher)
        except PermissionDenied as error:
            raise CommandError(f"{user} may not publish: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Published {version}\n"
            f"Version: {version.number}\n"
            f"Pages: {version.page_count}\n"
            f"SHA-256: {version.sha256}"
        )
        if version.exempt_pdf:
            self.stdout.write(
                f"Exempt pack: {version.exempt_page_count} pages, SHA-256 {version.exempt_sha256}"
            )
