"""The pack page, publication, and the published files (served only through these views,
which check who may read them)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from contracts.permissions import require
from minutes.models import Meeting

from ..choices import BuildPurpose
from ..corrections import corrections_seen_by
from ..models import PackVersion
from ..permissions import can_publish, can_read_exempt, can_read_pack
from ..selectors import pack_items, published_versions
from ..services.builds import pack_build_request


def _meeting(request, meeting_id) -> Meeting:
    """The meeting, if the user may see it (404 otherwise) and read its pack."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("board"), pk=meeting_id
    )
    require(can_read_pack(request.user, meeting))
    return meeting


@require_GET
def pack_page(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    versions = published_versions(meeting)
    latest = versions[-1] if versions else None
    return render(
        request,
        "packs/pack.html",
        {
            "meeting": meeting,
            "items": pack_items(meeting, request.user),
            "versions": versions,
            "latest": latest,
            "first": versions[0] if versions else None,
            "corrections": corrections_seen_by(latest, request.user) if latest else [],
            "can_publish": can_publish(request.user, meeting),
            "can_read_exempt": can_read_exempt(request.user, meeting),
        },
    )


def _filename(version: PackVersion, kind: str = "agenda-pack") -> str:
    meeting = version.meeting
    return f"{slugify(meeting.board.name)}-{meeting.date.isoformat()}-{kind}-v{version.number}.pdf"


def pdf_response(field_file, filename: str) -> HttpResponse:
    """The stored file, shown in the browser (inline) under a readable name. Read whole:
    a pack is a few megabytes, and the file is closed before the response leaves."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@require_GET
def latest_pdf(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    version = PackVersion.objects.latest_for(meeting)
    if version is None:
        raise Http404("No agenda pack has been published for this meeting yet.")
    return pdf_response(version.pdf, _filename(version))


@require_GET
def version_pdf(request, meeting_id, version_number):
    meeting = _meeting(request, meeting_id)
    version = get_object_or_404(PackVersion, meeting=meeting, number=version_number)
    return pdf_response(version.pdf, _filename(version))


@require_GET
def version_html(request, meeting_id, version_number):
    """The published public pack as the accessible web page it was published with."""
    meeting = _meeting(request, meeting_id)
    version = get_object_or_404(PackVersion, meeting=meeting, number=version_number)
    with version.html.storage.open(version.html.name, "rb") as handle:
        return HttpResponse(handle.read(), content_type="text/html; charset=utf-8")


@require_GET
def exempt_pdf(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    require(can_read_exempt(request.user, meeting))
    version = (
        PackVersion.objects.filter(meeting=meeting).exclude(exempt_pdf="").order_by("-number")
    ).first()
    if version is None:
        raise Http404("No exempt agenda pack has been published for this meeting.")
    return pdf_response(version.exempt_pdf, _filename(version, "exempt-pack"))


@require_POST
def publish(request, meeting_id):
    """Publish the pack (or a supplement) as a build task; its page shows the progress."""
    require(can_publish(request.user))
    meeting = _meeting(request, meeting_id)
    build = pack_build_request(meeting=meeting, user=request.user, purpose=BuildPurpose.PUBLISH)
    return redirect("packs:build", meeting_id=meeting.pk, build_id=build.pk)
