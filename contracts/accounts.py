"""Password reset that answers the same, in content and in time, whether or not an
account has the address: the request only queues the address, and a task looks the
accounts up and sends the e-mails — on commit, through the broker when there is one,
and after the response when tasks run in the web process (no broker: demo and tests)."""

import logging
import threading
from functools import partial

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.sites.shortcuts import get_current_site
from django.core.signals import request_finished
from django.db import transaction
from django.dispatch import receiver
from kombu.exceptions import OperationalError

from .tasks import password_reset_email_task

logger = logging.getLogger(__name__)
_after_response = threading.local()


class PasswordResetForm(auth_forms.PasswordResetForm):
    def save(self, *, request, use_https=False, **ignored):
        email = partial(
            _queue_email,
            email=self.cleaned_data["email"],
            domain=get_current_site(request).domain,
            use_https=use_https,
        )
        transaction.on_commit(partial(_after_the_response, email))


def _queue_email(**kwargs) -> None:
    try:
        password_reset_email_task.delay(**kwargs)
    except OperationalError:
        # A broker outage must not answer differently (or 500) for a real account.
        logger.exception("Could not queue a password reset e-mail")


def _after_the_response(job) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _pending().append(job)  # the task would run here, in the request: defer it
    else:
        job()  # queueing is the same work for every address


def _pending() -> list:
    if not hasattr(_after_response, "jobs"):
        _after_response.jobs = []
    return _after_response.jobs


@receiver(request_finished)
def _run_pending(**kwargs) -> None:
    """The server sends request_finished once the response has gone (WSGI close())."""
    jobs, _after_response.jobs = _pending(), []
    for job in jobs:
        job()
