"""Writes to contracts, and the password reset e-mail (sent by a task, see accounts.py)."""

from django.contrib.auth import forms as auth_forms
from django.db import transaction

from .models import Contract


@transaction.atomic
def contract_update(*, contract: Contract, version: int | None = None, **details) -> Contract:
    """Save a contract's details: the fields of its edit form, by name. `version`: the
    one the person saw; the save is refused if someone saved since (core/concurrency)."""
    for name, value in details.items():
        setattr(contract, name, value)
    if version is not None:
        contract.version = version
    contract.full_clean()
    contract.save()
    return contract


def password_reset_email_send(*, email: str, domain: str, use_https: bool) -> None:
    """Django's reset e-mail to every active account with this address, if there is one."""
    form = auth_forms.PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
