"""An assessment's contract performance notice: the OCDS release package to upload to
the central digital platform, a readable page and its PDF for the file and the board
pack, and the ratings as CSV. Whoever may read the assessment may read its notice."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from weasyprint import CSS, HTML

from contracts.permissions import get_contract_or_404, require
from core.exports import export_table

from .export_tables import NoticeRatingTable
from .models import Assessment
from .notices import notice_assessments, notice_json, notice_package, reported_breaches
from .ocds import NoticeIncomplete, is_published, notice_parties
from .permissions import can_read
from .selectors import assessments


def _assessment_or_404(request, reference, assessment_id) -> Assessment:
    contract = get_contract_or_404(request.user, reference)
    require(can_read(request.user, contract))
    visible = assessments(contract, request.user)
    return get_object_or_404(notice_assessments(visible), pk=assessment_id)


def _filename(assessment, extension: str) -> str:
    return f"{assessment.contract.reference}-assessment-{assessment.pk}-notice.{extension}"


def _incomplete(request, assessment, error):
    context = {"contract": assessment.contract, "assessment": assessment, "error": error}
    return render(request, "procurement/notice_incomplete.html", context, status=409)


@require_GET
def notice_json_download(request, reference, assessment_id):
    assessment = _assessment_or_404(request, reference, assessment_id)
    try:
        package = notice_package(
            assessment, uri=request.build_absolute_uri(), published_at=timezone.now()
        )
    except NoticeIncomplete as error:
        return _incomplete(request, assessment, error)
    response = HttpResponse(notice_json(package), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "json")}"'
    return response


def _fetch_nothing(url, *args, **kwargs):
    """The PDF is drawn from the page alone: people's words never make it load anything."""
    raise ValueError(f"The notice's PDF loads nothing ({url}).")


def _notice_context(assessment) -> dict:
    details, supplier = notice_parties(assessment.contract)
    return {
        "contract": assessment.contract,
        "assessment": assessment,
        "details": details,
        "parties": [("Authority", details.buyer), ("Supplier", supplier)],
        "published": is_published(assessment),
        "ratings": NoticeRatingTable(assessment.ratings.all(), assessment=assessment),
        "breaches": reported_breaches(assessment),
    }


@require_GET
def notice_page(request, reference, assessment_id):
    assessment = _assessment_or_404(request, reference, assessment_id)
    try:
        context = _notice_context(assessment)
    except NoticeIncomplete as error:
        return _incomplete(request, assessment, error)
    return render(request, "procurement/notice.html", context)


@require_GET
def notice_pdf(request, reference, assessment_id):
    assessment = _assessment_or_404(request, reference, assessment_id)
    try:
        context = _notice_context(assessment)
    except NoticeIncomplete as error:
        return _incomplete(request, assessment, error)
    html = render_to_string("procurement/notice_print.html", context, request=request)
    styles = CSS(filename=finders.find("css/notice-print.css"), url_fetcher=_fetch_nothing)
    pdf = HTML(string=html, url_fetcher=_fetch_nothing).write_pdf(stylesheets=[styles])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "pdf")}"'
    return response


@require_GET
def notice_csv_download(request, reference, assessment_id):
    assessment = _assessment_or_404(request, reference, assessment_id)
    table = NoticeRatingTable(assessment.ratings.all(), assessment=assessment)
    return export_table(table, "csv", _filename(assessment, "csv").removesuffix(".csv"))
