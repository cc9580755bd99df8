"""Building a meeting's pack as a task: a preview (its PDFs kept on the build for the
clerk to check) or a publication (packs.services.publishing)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minutes.models import Meeting

from ..build import build_pack
from ..choices import BuildPurpose, BuildStatus
from ..models import PackBuild
from ..progress import build_progress
from ..queue import queue_pack_build
from .publishing import pack_publish

logger = logging.getLogger(__name__)

FAILED = "Something went wrong on our side: the pack was not built. Try again later."
QUEUE_DOWN = (
    "Our task queue cannot be reached just now, so the pack was not built. "
    "Try again in a few minutes."
)


def pack_build_request(*, meeting: Meeting, user, purpose: str) -> PackBuild:
    """Record the build and queue it once the record is saved."""
    with transaction.atomic():
        build = PackBuild.objects.create(meeting=meeting, purpose=purpose, requested_by=user)
        transaction.on_commit(lambda: _queue(build))
    return build


def _queue(build: PackBuild) -> None:
    """A build the broker did not take says so, rather than waiting for ever: the clerk
    asks again (a preview or a publication is one click)."""
    if not queue_pack_build(build_id=build.pk):
        PackBuild.objects.filter(pk=build.pk, status=BuildStatus.QUEUED).update(
            status=BuildStatus.FAILED, error=QUEUE_DOWN, finished_at=timezone.now()
        )


def pack_build_run(*, build: PackBuild) -> PackBuild:
    """Run a queued build, once: a redelivered message finds it started and does nothing,
    unless it was asked for longer ago than a task may run (a message comes back only
    after its worker was lost: no run of it can still be going). A failure is recorded on
    the build (its cause logged), never left showing progress."""
    lost = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    startable = Q(status=BuildStatus.QUEUED) | Q(status=BuildStatus.RUNNING, requested_at__lt=lost)
    started = PackBuild.objects.filter(startable, pk=build.pk).update(
        status=BuildStatus.RUNNING, progress=0, step="Starting"
    )
    if not started:
        build.refresh_from_db()
        return build
    try:
        if build.purpose == BuildPurpose.PUBLISH:
            _publish(build)
        else:
            _preview(build)
    except ValidationError as error:
        _finish(build, status=BuildStatus.FAILED, error=" ".join(error.messages))
    except PermissionDenied as error:
        _finish(build, status=BuildStatus.FAILED, error=str(error))
    except Exception:
        logger.exception("Pack build %s failed", build.pk)
        _finish(build, status=BuildStatus.FAILED, error=FAILED)
    else:
        _finish(build, status=BuildStatus.DONE, progress=100, step="Done")
    build.refresh_from_db()
    return build


def _preview(build: PackBuild) -> None:
    meeting = build.meeting
    has_exempt = meeting.items.filter(exempt=True).exists()
    share = (0, 70) if has_exempt else (0, 100)
    public = build_pack(meeting, exempt=False, progress=build_progress(build, share))
    stem = f"meeting-{meeting.pk}-preview-{build.pk}"
    build.pdf.save(f"{stem}.pdf", ContentFile(public.pdf), save=False)
    if has_exempt:
        exempt = build_pack(meeting, exempt=True, progress=build_progress(build, (70, 100)))
        build.exempt_pdf.save(f"{stem}-exempt.pdf", ContentFile(exempt.pdf), save=False)
    build.page_count = public.page_count
    build.save(update_fields=["pdf", "exempt_pdf", "page_count"])


def _publish(build: PackBuild) -> None:
    version = pack_publish(meeting=build.meeting, user=build.requested_by, build=build)
    PackBuild.objects.filter(pk=build.pk).update(page_count=version.page_count)


def _finish(build: PackBuild, **fields) -> None:
    PackBuild.objects.filter(pk=build.pk).update(finished_at=timezone.now(), **fields)
