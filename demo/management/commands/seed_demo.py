from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import contracts as demo_contracts
from demo import imt as demo_imt
from demo import kpis as demo_kpis
from demo import minutes as demo_minutes
from demo import packs as demo_packs
from demo import procurement as demo_procurement
from demo import publishing as demo_publishing
from demo import returns as demo_returns


class Command(BaseCommand):
    help = (
        "Load the demo: the CSSC contract, its data, one user per role and a second "
        "contract manager. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo passwords are public).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load the demo with DEBUG off: its passwords are public. "
                "Use --force if you really mean it."
            )
        with transaction.atomic():
            contract = demo_contracts.seed_contract()
            demo_contracts.seed_users(contract)
            officer, manager = (
                get_user_model().objects.get(username=name) for name in ("officer", "manager")
            )
            codes = demo_kpis.seed_catalogue(contract, manager)
            demo_returns.seed_returns(contract, officer, manager, codes)
            demo_kpis.seed_mitigations(contract, manager)
            demo_contracts.close_months(contract)
            demo_kpis.recompute_now(contract)
            demo_imt.seed_imt(contract)
            demo_minutes.seed_minutes(contract)
            demo_procurement.seed_procurement(contract)
            demo_packs.seed_report()
            demo_publishing.publish_pack()
            demo_minutes.confirm_scrutiny_minutes()
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo loaded. Sign in as officer, manager, manager2, board, clerk or admin "
                    f"with the password {demo_contracts.DEMO_PASSWORD}"
                )
            )
