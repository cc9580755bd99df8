from celery import shared_task

from . import accounts


@shared_task
def password_reset_email_task(*, email: str, domain: str, use_https: bool) -> None:
    accounts.password_reset_email_send(email=email, domain=domain, use_https=use_https)
