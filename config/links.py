"""Where a record's page is when that page belongs to an app above the record's own.
`config` sits above every app, so it may name them all; `ABSOLUTE_URL_OVERRIDES` in the
settings gives each record its `get_absolute_url` from here."""

from django.urls import reverse


def contract_page(contract) -> str:
    """A contract's page is its dashboard, and the dashboards sit above contracts."""
    return reverse("contract_dashboard", args=[contract.reference])
