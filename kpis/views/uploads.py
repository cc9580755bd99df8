"""Spreadsheet returns: the template, the upload, its preview and its import."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_GET, require_http_methods

from contracts.permissions import can_enter_figures, can_manage, get_contract_or_404, require
from core.exports import XLSX_TYPE
from core.periods import Month

from .. import permissions
from ..choices import UploadKind
from ..forms import UploadForm
from ..presenters import UploadPage
from ..selectors import return_kpis, same_file_imported, upload_or_404
from ..spreadsheets import kpis_template, returns_template
from ..uploads import upload_create, upload_start_commit


@require_GET
def return_template(request, reference, period: Month):
    contract = get_contract_or_404(request.user, reference)
    data = returns_template(
        contract=contract, month=period, kpis=return_kpis(request.user, contract)
    )
    return _xlsx(data, f"{contract.reference}-return-{period}.xlsx")


@require_GET
def kpi_template(request, reference):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    return _xlsx(kpis_template(contract=contract), f"{contract.reference}-kpis.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def upload_new(request, reference, period: Month):
    contract = get_contract_or_404(request.user, reference)
    require(can_enter_figures(request.user, contract))
    return _upload_page(request, contract, UploadKind.RETURNS, period)


@require_http_methods(["GET", "POST"])
def kpi_upload_new(request, reference):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    return _upload_page(request, contract, UploadKind.KPIS, None)


def _upload_page(request, contract, kind: str, month: Month | None):
    size_label = filesizeformat(settings.UPLOAD_MAX_BYTES)
    form = UploadForm(request.POST or None, request.FILES or None, max_size_label=size_label)
    if request.method == "POST" and form.is_valid():
        upload = upload_create(
            contract=contract,
            kind=kind,
            month=month,
            user=request.user,
            uploaded_file=form.cleaned_data["file"],
        )
        return redirect(upload)
    return render(
        request,
        "kpis/upload_form.html",
        {"contract": contract, "month": month, "form": form, "kind": kind},
    )


@require_http_methods(["GET", "POST"])
def upload_detail(request, reference, upload_id: int):
    contract = get_contract_or_404(request.user, reference)
    upload = upload_or_404(contract, upload_id)
    may_commit = permissions.may_commit(request.user, upload)
    if request.method == "POST":
        require(permissions.may_import(request.user, upload))
        if may_commit:
            upload_start_commit(upload=upload, user=request.user)
        return redirect(upload)
    return render(
        request,
        "kpis/upload_detail.html",
        {
            "contract": contract,
            "upload": upload,
            "page": UploadPage(upload),
            "may_commit": may_commit,
            "imported_before": same_file_imported(upload),
        },
    )


@require_GET
def upload_status(request, reference, upload_id: int):
    contract = get_contract_or_404(request.user, reference)
    upload = upload_or_404(contract, upload_id)
    return JsonResponse(
        {
            "state": upload.state,
            "label": upload.get_state_display(),
            "busy": upload.is_busy,
            "rows_done": upload.rows_done,
            "rows_total": upload.rows_total,
        }
    )
