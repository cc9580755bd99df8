"""Checking and importing an uploaded spreadsheet."""

import logging
from contextlib import contextmanager

from celery import shared_task
from django.contrib.auth import get_user_model

from .. import queue
from ..choices import UploadState
from ..models import Upload
from ..uploads import upload_commit, upload_fail, upload_validate

logger = logging.getLogger(__name__)


@shared_task(name=queue.VALIDATE_UPLOAD, acks_late=True, reject_on_worker_lost=True)
def validate_upload_task(upload_id: int) -> str:
    """Writes no figure, so running it twice is harmless."""
    with _failure_recorded(upload_id):
        return upload_validate(upload=Upload.objects.get(pk=upload_id)).state
    return UploadState.FAILED


@shared_task(name=queue.COMMIT_UPLOAD, acks_late=True, reject_on_worker_lost=True)
def commit_upload_task(upload_id: int, user_id: int) -> str:
    """A second run (a redelivery, the sweeper) waits for the first and reports its
    result (`upload_commit` locks the upload)."""
    upload = Upload.objects.select_related("contract").get(pk=upload_id)
    if upload.state != UploadState.COMMITTING:
        return upload.state
    with _failure_recorded(upload_id):
        user = get_user_model().objects.get(pk=user_id)
        return upload_commit(upload=upload, user=user).state
    return UploadState.FAILED


@contextmanager
def _failure_recorded(upload_id: int):
    """A bug must not leave the page showing progress for ever: the upload is marked
    failed (nothing was imported: the import is one transaction) and the error logged."""
    try:
        yield
    except Exception:
        logger.exception("Upload %s failed", upload_id)
        upload_fail(upload_id=upload_id)
