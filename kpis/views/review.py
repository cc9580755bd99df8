"""Reviewing figures (contract managers): the queue, approve, return, correct."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_POST

from contracts.permissions import can_manage, get_contract_or_404, require
from core.forms import form_saved
from core.lists import ObjectListView

from .. import services
from ..choices import FigureState
from ..duties import CORRECT, figure_refusal
from ..filters import ReviewFilter
from ..forms import CorrectFigureForm, ReturnFigureForm
from ..models import KPIFigure
from ..selectors import figure_or_404, review_queue
from ..tables import ReviewTable


def _managed_contract(request, reference):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    return contract


def _describe(figure: KPIFigure) -> str:
    return f"{figure.kpi.code} for {figure.month.label}"


class ReviewQueue(ObjectListView):
    """Submitted figures, filtered; a contract manager approves those chosen."""

    http_method_names = ["get", "post"]
    filterset = ReviewFilter
    table = ReviewTable
    template_name = "kpis/review.html"

    @cached_property
    def contract(self):
        return _managed_contract(self.request, self.kwargs["reference"])

    def queryset(self, request):
        return review_queue(self.contract)

    def post(self, request, reference):
        queue = self.queryset(request)
        chosen = [int(pk) for pk in request.POST.getlist("figures") if pk.isdigit()]
        if not chosen:
            messages.error(request, "Select the figures to approve.")
        else:
            result = services.figures_approve(
                figures=list(queue.filter(pk__in=chosen)), user=request.user
            )
            _report(request, result)
        return redirect(request.get_full_path())

    def filterset_kwargs(self):
        return {"contract": self.contract}

    def get_table(self, rows):
        return self.table(rows, user=self.request.user)

    def extra_context(self):
        return {"contract": self.contract}


review = ReviewQueue.as_view()


def _report(request, result: services.Approval) -> None:
    approved = result.approved
    if approved or not result.refused:
        messages.success(request, f"{approved} figure{'s'[: approved != 1]} approved.")
    for refusal in result.refused:
        messages.error(request, f"Not approved: {refusal}")


@require_POST
def figure_approve(request, reference, figure_id):
    contract = _managed_contract(request, reference)
    figure = figure_or_404(contract, figure_id)
    result = services.figures_approve(figures=[figure], user=request.user)
    if result.approved:
        messages.success(request, f"{_describe(figure)} approved.")
    elif result.refused:
        messages.error(request, f"Not approved: {result.refused[0]}")
    else:
        messages.error(request, f"{_describe(figure)} is not awaiting approval.")
    return redirect("kpis:review", contract.reference)


@require_http_methods(["GET", "POST"])
def figure_return(request, reference, figure_id):
    contract = _managed_contract(request, reference)
    figure = figure_or_404(contract, figure_id)
    if figure.state != FigureState.SUBMITTED:
        messages.error(request, f"{_describe(figure)} is not awaiting approval.")
        return redirect("kpis:review", contract.reference)
    form = ReturnFigureForm(request.POST if request.method == "POST" else None)
    if form_saved(form, lambda data: _return(figure, data, request.user)):
        messages.success(request, f"{_describe(figure)} returned to the officer.")
        return redirect("kpis:review", contract.reference)
    return render(
        request, "kpis/figure_return.html", {"contract": contract, "figure": figure, "form": form}
    )


def _return(figure, data: dict, user):
    services.figure_return(figure=figure, comment=data["comment"], user=user)


@require_http_methods(["GET", "POST"])
def figure_correct(request, reference, figure_id):
    contract = _managed_contract(request, reference)
    figure = figure_or_404(contract, figure_id)
    if figure.state != FigureState.APPROVED:
        messages.error(
            request, f"{_describe(figure)} is not approved yet: change it on the monthly return."
        )
        return redirect("kpis:return", contract.reference, figure.month)
    form = CorrectFigureForm(request.POST if request.method == "POST" else None, figure=figure)
    # Said before the person types a correction, rather than after.
    refusal = figure_refusal(figure, request.user, CORRECT)
    if not refusal and form_saved(form, lambda data: _correct(figure, data, request.user)):
        messages.success(request, f"{_describe(figure)} corrected; the reason is in its history.")
        return redirect(figure.kpi)
    return render(
        request,
        "kpis/figure_correct.html",
        {"contract": contract, "figure": figure, "form": form, "refusal": refusal},
    )


def _correct(figure, data: dict, user):
    services.figure_correct(
        figure=figure,
        value=data["value"],
        commentary=data["commentary"],
        reason=data["reason"],
        user=user,
    )
