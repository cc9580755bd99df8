from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from core.links import site_url
from kpis.management.commands._common import get_contract
from procurement.models import Assessment
from procurement.notices import latest_approved, notice_assessments, notice_json, notice_package
from procurement.ocds import NoticeIncomplete


class Command(BaseCommand):
    help = (
        "Print an assessment's contract performance notice (UK9) as an OCDS 1.1 release "
        "package: the latest approved assessment, or the one given (a draft or submitted "
        "one is exported without a published notice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contract", required=True, help="The contract's reference.")
        parser.add_argument("--assessment", type=int, help="The assessment's number.")
        parser.add_argument(
            "--base-url",
            help="The address Oversight is reached at, for the package's uri "
            "(default: the SITE_URL setting).",
        )

    def handle(self, *args, contract, assessment=None, base_url=None, **options):
        contract = get_contract(contract)
        chosen = self._assessment(contract, assessment)
        path = reverse("procurement:notice_json", args=[contract.reference, chosen.pk])
        try:
            package = notice_package(
                chosen,
                uri=base_url.rstrip("/") + path if base_url else site_url(path),
                published_at=timezone.now(),
            )
        except NoticeIncomplete as error:
            raise CommandError(str(error)) from None
        self.stdout.write(notice_json(package), ending="")

    def _assessment(self, contract, number: int | None) -> Assessment:
        if number is None:
            latest = latest_approved(contract)
            if latest is None:
                raise CommandError(
                    f"{contract.reference} has no approved assessment yet; give "
                    "--assessment ID to export a draft or submitted one."
                )
            return latest
        found = notice_assessments(Assessment.objects.for_contract(contract)).filter(pk=number)
        if not found:
            raise CommandError(f"{contract.reference} has no assessment {number}.")
        return found[0]
