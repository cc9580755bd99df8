"""Publishing a meeting's agenda pack: build it, store its files with their SHA-256 and
a snapshot of every fact it shows, fill in each item's pages, tell the board's members.

A published version is never changed; a later publication is a supplement (version N+1)
listing, on its first page, the corrections made since the version before it."""

import logging
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.formatting import format_date
from core.links import site_url
from minutes.models import Meeting

from ..build import build_pack
from ..corrections import corrections_since, snapshot
from ..integrity import bytes_sha256
from ..models import PackBuild, PackVersion
from ..permissions import can_publish
from ..progress import build_progress

logger = logging.getLogger(__name__)


def _store(version: PackVersion, public, exempt) -> list:
    stem = f"meeting-{version.meeting_id}-v{version.number}"
    version.pdf.save(f"{stem}.pdf", ContentFile(public.pdf), save=False)
    version.html.save(f"{stem}.html", ContentFile(public.html.encode()), save=False)
    stored = [version.pdf, version.html]
    if exempt is not None:
        version.exempt_pdf.save(f"{stem}-exempt.pdf", ContentFile(exempt.pdf), save=False)
        stored.append(version.exempt_pdf)
    return stored


def _write_item_pages(meeting: Meeting, item_pages: dict, number: int) -> None:
    for item in meeting.items.filter(pk__in=item_pages).select_for_update():
        if item.pages != item_pages[item.pk]:
            item.pages = item_pages[item.pk]
            item._change_reason = f"Pages from the agenda pack, version {number}"
            item.save(update_fields=["pages"])


def _check_still_next(meeting: Meeting, number: int) -> None:
    latest = PackVersion.objects.latest_for(meeting)
    if (latest.number if latest else 0) != number - 1:
        raise ValidationError(
            "Someone else published this pack while it was being built: "
            "open the pack page again to see the new version."
        )


def _build_packs(meeting: Meeting, build: PackBuild | None, **options) -> tuple:
    """The public pack, and the exempt pack when the meeting has exempt items (else
    None), outside any transaction: the build's progress shows as it goes."""
    has_exempt = meeting.items.filter(exempt=True).exists()
    share = (0, 70) if has_exempt else (0, 100)
    public = build_pack(meeting, exempt=False, progress=build_progress(build, share), **options)
    if not has_exempt:
        return public, None
    exempt = build_pack(meeting, exempt=True, progress=build_progress(build, (70, 100)), **options)
    return public, exempt


def pack_publish(*, meeting: Meeting, user, build: PackBuild | None = None) -> PackVersion:
    """Publish the meeting's pack as its next version and e-mail the board's members a
    link once it is saved."""
    if not can_publish(user, meeting):
        raise PermissionDenied("Only clerks and administrators may publish an agenda pack.")
    previous = PackVersion.objects.latest_for(meeting)
    number = previous.number + 1 if previous else 1
    corrections = [c.as_dict() for c in corrections_since(previous)] if previous else []
    public, exempt = _build_packs(meeting, build, corrections=corrections, version_number=number)
    version = PackVersion(
        meeting=meeting,
        number=number,
        published_at=timezone.now(),
        published_by=user,
        page_count=public.page_count,
        sha256=bytes_sha256(public.pdf),
        html_sha256=bytes_sha256(public.html.encode()),
        exempt_page_count=exempt.page_count if exempt else None,
        exempt_sha256=bytes_sha256(exempt.pdf) if exempt else "",
        snapshot=snapshot(public.facts),
        corrections=corrections,
    )
    stored = _store(version, public, exempt)
    try:
        with transaction.atomic():
            Meeting.objects.select_for_update().get(pk=meeting.pk)
            _check_still_next(meeting, number)
            version.save()
            _write_item_pages(meeting, public.item_pages, number)
            if build is not None:
                PackBuild.objects.filter(pk=build.pk).update(version=version)
            transaction.on_commit(partial(pack_notify_members, version=version))
    except Exception:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise
    logger.info("Published %s (%s pages, SHA-256 %s)", version, version.page_count, version.sha256)
    return version


def pack_notify_members(*, version: PackVersion) -> int:
    """E-mail the board's members a link to the published pack (never the file)."""
    meeting = version.meeting
    recipients = list(
        meeting.board.members.filter(is_active=True)
        .exclude(email="")
        .order_by("username")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    when = format_date(meeting.date, "weekday")
    subject = f"{version.title} published: {meeting.board}, {when}"
    body = (
        f"The {version.title.lower()} for the {meeting.board} meeting on {when} "
        f"is published (version {version.number}, {version.page_count} pages).\n\n"
        f"Read it here: {site_url(reverse('packs:pack', args=[meeting.pk]))}\n"
    )
    sent = 0
    for address in recipients:
        sent += send_mail(subject, body, None, [address])
    return sent
