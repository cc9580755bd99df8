"""A report: written by its author on the edit page, read by the board and the
contract's members on its own page, exactly as the pack shows it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.permissions import require
from core.forms import form_saved
from minutes.models import AgendaItem

from ..content import Numbering
from ..forms import NarrativeForm, ReportForm, report_initial
from ..models import NarrativeSection, Report
from ..permissions import can_write_report, writes_for_packs
from ..sections import report_content
from ..services import reports as services


def _posted(request):
    return request.POST if request.method == "POST" else None


def _item(request, item_id) -> AgendaItem:
    """The item, if the user may see it (404 otherwise, as for its meeting)."""
    return get_object_or_404(
        AgendaItem.objects.visible_to(request.user).select_related("meeting__board", "contract"),
        pk=item_id,
    )


def _writable_item(request, item_id) -> AgendaItem:
    require(writes_for_packs(request.user))
    item = _item(request, item_id)
    require(can_write_report(request.user, item))
    return item


def _edit_url(item) -> str:
    return reverse("packs:report_edit", args=[item.pk])


@require_GET
def report_detail(request, item_id):
    item = _item(request, item_id)
    report = Report.objects.filter(agenda_item=item).first()
    if report is not None:
        report.agenda_item = item
    return render(
        request,
        "packs/report_detail.html",
        {
            "item": item,
            "report": report,
            "content": report_content(report, Numbering()) if report else None,
            "can_write": can_write_report(request.user, item),
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request, item_id):
    item = _writable_item(request, item_id)
    report = Report.objects.filter(agenda_item=item).first()
    if report is None:
        report = services.report_new(item=item, user=request.user)
    report.agenda_item = item
    form = ReportForm(_posted(request), report=report, initial=report_initial(report))

    def save(data):
        services.report_save(report=report, user=request.user, **data)

    if form_saved(form, save):
        messages.success(request, "Report saved.")
        return redirect("packs:report_detail", item.pk)
    narrative = list(report.narrative.all()) if report.pk else []
    return render(
        request,
        "packs/report_form.html",
        {"form": form, "item": item, "report": report, "narrative": narrative},
    )


@require_http_methods(["GET", "POST"])
def narrative_add(request, item_id):
    item = _writable_item(request, item_id)
    report = Report.objects.filter(agenda_item=item).first()
    if report is None:
        messages.info(request, "Save the report first, then add the sections you write.")
        return redirect(_edit_url(item))
    form = NarrativeForm(_posted(request), instance=NarrativeSection(report=report))
    saved = form_saved(
        form, lambda data: services.narrative_add(report=report, user=request.user, **data)
    )
    if saved:
        messages.success(request, "Section added.")
        return redirect(f"{_edit_url(item)}#narrative")
    return render(request, "packs/narrative_form.html", {"form": form, "item": item})


def _section(request, section_id) -> tuple[NarrativeSection, AgendaItem]:
    section = get_object_or_404(NarrativeSection.objects.select_related("report"), pk=section_id)
    return section, _writable_item(request, section.report.agenda_item_id)


@require_http_methods(["GET", "POST"])
def narrative_edit(request, section_id):
    section, item = _section(request, section_id)
    form = NarrativeForm(_posted(request), instance=section)
    saved = form_saved(
        form,
        lambda data: services.narrative_update(section=section, user=request.user, **data),
    )
    if saved:
        messages.success(request, "Section saved.")
        return redirect(f"{_edit_url(item)}#narrative")
    return render(
        request, "packs/narrative_form.html", {"form": form, "item": item, "section": section}
    )


@require_POST
def narrative_move(request, section_id):
    section, item = _section(request, section_id)
    try:
        services.narrative_move(
            section=section, direction=request.POST.get("direction"), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sections reordered.")
    return redirect(f"{_edit_url(item)}#narrative")


@require_POST
def narrative_remove(request, section_id):
    section, item = _section(request, section_id)
    services.narrative_remove(section=section, user=request.user)
    messages.success(request, f"Section “{section.heading}” removed.")
    return redirect(f"{_edit_url(item)}#narrative")
