"""The Procurement Act panel on the home page (see core/panels.py): what a contract
manager must act on, contract by contract."""

from django.urls import reverse
from django.utils import timezone

from contracts.choices import ContractStatus
from contracts.models import Contract

from .permissions import can_draft
from .selectors import contract_warnings

HOME_TEMPLATE = "procurement/_home_panel.html"


def home_warnings(request, user) -> dict | None:
    """The warnings of every contract with procurement details the person drafts
    assessments for; None when there are none."""
    today = timezone.localdate()
    contracts = (
        Contract.objects.visible_to(user)
        .filter(procurement__isnull=False)
        .exclude(status=ContractStatus.ENDED)
        .order_by("reference")
    )
    found = []
    for contract in contracts:
        if not can_draft(user, contract):
            continue
        url = reverse("procurement:list", args=[contract.reference])
        found.extend((contract, warning) for warning in contract_warnings(contract, today, url=url))
    return {"warnings": found} if found else None
