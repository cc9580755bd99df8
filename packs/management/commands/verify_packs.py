from django.core.management.base import BaseCommand, CommandError

from packs.integrity import verify_version
from packs.models import PackVersion


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every published agenda pack file (public, exempt and "
        "HTML) and exit non-zero naming each file that is missing or no longer matches."
    )

    def handle(self, *args, **options):
        checked, problems = 0, []
        for version in PackVersion.objects.select_related("meeting__board"):
            checked += 1
            problems += [f"{version}: {problem}" for problem in verify_version(version)]
        if problems:
            raise CommandError(
                f"{len(problems)} published file(s) do not match:\n" + "\n".join(problems)
            )
        self.stdout.write(f"{checked} published pack version(s) checked: every file matches.")
