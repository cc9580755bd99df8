"""Previews of a pack and their progress, and an item's supporting documents."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.permissions import require
from core.forms import form_saved
from minutes.models import AgendaItem, Meeting

from ..choices import BuildPurpose, BuildStatus
from ..forms import DocumentForm
from ..models import PackBuild, SupportingDocument
from ..permissions import can_change_documents, can_publish, writes_for_packs
from ..services import documents as document_services
from ..services.builds import pack_build_request
from .pack import pdf_response


def _meeting_for_builds(request, meeting_id) -> Meeting:
    """A meeting the user sees (404 otherwise) and may build packs of (403 otherwise):
    a preview holds the exempt items too."""
    require(can_publish(request.user))
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("board"), pk=meeting_id
    )


def _build(request, meeting_id, build_id) -> PackBuild:
    meeting = _meeting_for_builds(request, meeting_id)
    return get_object_or_404(
        meeting.pack_builds.select_related("requested_by", "version"), pk=build_id
    )


@require_POST
def preview(request, meeting_id):
    meeting = _meeting_for_builds(request, meeting_id)
    build = pack_build_request(meeting=meeting, user=request.user, purpose=BuildPurpose.PREVIEW)
    return redirect("packs:build", meeting_id=meeting.pk, build_id=build.pk)


@require_GET
def build_status(request, meeting_id, build_id):
    build = _build(request, meeting_id, build_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "busy": build.is_busy,
                "progress": build.progress,
                "step": build.step or build.get_status_display(),
            }
        )
    return render(request, "packs/build_status.html", {"build": build, "meeting": build.meeting})


@require_GET
def preview_pdf(request, meeting_id, build_id):
    """The preview's public pack, or with `?pack=exempt` its exempt pack; back to the
    build's page while it is not built."""
    build = _build(request, meeting_id, build_id)
    exempt = request.GET.get("pack") == "exempt"
    field_file = build.exempt_pdf if exempt else build.pdf
    if build.status != BuildStatus.DONE or build.purpose != BuildPurpose.PREVIEW:
        return redirect("packs:build", meeting_id=meeting_id, build_id=build.pk)
    if not field_file:
        raise Http404("This preview has no such pack.")
    meeting = build.meeting
    kind = "exempt-pack" if exempt else "agenda-pack"
    filename = f"{slugify(meeting.board.name)}-{meeting.date.isoformat()}-{kind}-preview.pdf"
    return pdf_response(field_file, filename)


def _item(request, item_id) -> AgendaItem:
    require(writes_for_packs(request.user))
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__board", "contract"),
        pk=item_id,
    )
    require(can_change_documents(request.user, item))
    return item


@require_http_methods(["GET", "POST"])
def document_upload(request, item_id):
    """The item's supporting documents, each removable, and the form to add one."""
    item = _item(request, item_id)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        max_size_label=filesizeformat(settings.PACK_DOCUMENT_MAX_BYTES),
    )
    if form_saved(
        form,
        lambda data: document_services.document_add(agenda_item=item, user=request.user, **data),
    ):
        messages.success(request, f"“{form.cleaned_data['title'].strip()}” added.")
        return redirect("packs:document_upload", item_id=item.pk)
    documents = item.documents.select_related("uploaded_by")
    return render(
        request,
        "packs/documents.html",
        {"item": item, "meeting": item.meeting, "form": form, "documents": documents},
    )


@require_POST
def document_remove(request, document_id):
    require(writes_for_packs(request.user))
    visible = AgendaItem.objects.visible_to(request.user)
    document = get_object_or_404(
        SupportingDocument.objects.filter(agenda_item__in=visible).select_related(
            "agenda_item__contract"
        ),
        pk=document_id,
    )
    require(can_change_documents(request.user, document.agenda_item))
    document_services.document_remove(document=document, user=request.user)
    messages.success(request, f"“{document.title}” removed.")
    return redirect("packs:document_upload", item_id=document.agenda_item_id)
