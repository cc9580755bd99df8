from celery import shared_task

from . import services


@shared_task
def password_reset_email_task(*, email: str, domain: str, use_https: bool) -> None:
    services.password_reset_email_send(email=email, domain=domain, use_https=use_https)
