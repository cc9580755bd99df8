"""The KPI list and page; defining KPIs, target versions and mitigations (managers)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from contracts.permissions import can_manage, get_contract_or_404, require
from core.forms import form_saved
from core.history import HistoryTable
from core.lists import ObjectListView

from .. import services
from ..charts import value_chart
from ..display import display_kpi_value
from ..filters import KPIFilter
from ..forms import KPIForm, MitigationEndForm, MitigationForm, TargetForm
from ..history import kpi_history
from ..models import KPI, KPITarget
from ..selectors import kpi_or_404, kpi_page_data, mitigation_or_404, suggested_target_month
from ..tables import (
    KPITable,
    MitigationTable,
    MonthTable,
    TargetTable,
    describe_range,
    month_rows,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


class KPIList(ObjectListView):
    filterset = KPIFilter
    table = KPITable
    template_name = "kpis/kpi_list.html"

    @cached_property
    def contract(self):
        return get_contract_or_404(self.request.user, self.kwargs["reference"])

    def queryset(self, request):
        return (
            KPI.objects.for_contract(self.contract)
            .select_related("contract", "service_area")
            .prefetch_related(
                Prefetch(
                    "targets",
                    queryset=KPITarget.objects.order_by("effective_from"),
                    to_attr="target_versions",
                )
            )
        )

    def filterset_kwargs(self):
        return {"contract": self.contract}

    def get_export_name(self):
        return f"{self.contract.reference}-kpis"

    def extra_context(self):
        return {
            "contract": self.contract,
            "can_manage": can_manage(self.request.user, self.contract),
        }


kpi_list = KPIList.as_view()


@require_GET
def kpi_detail(request, reference, code):
    contract = get_contract_or_404(request.user, reference)
    kpi = kpi_or_404(contract, code)
    manage = can_manage(request.user, contract)
    data = kpi_page_data(kpi)
    statuses = data["statuses"]
    months = MonthTable(month_rows(statuses, data["figures"]), can_manage=manage)
    history = HistoryTable(kpi_history(kpi), prefix="history-")
    RequestConfig(request, paginate={"per_page": 25}).configure(history)
    return render(
        request,
        "kpis/kpi_detail.html",
        {
            "contract": contract,
            "kpi": kpi,
            "allowed_range": describe_range(kpi),
            "can_manage": manage,
            "targets": TargetTable(data["targets"]),
            "months": months,
            "mitigations": MitigationTable(data["mitigations"], can_manage=manage),
            "history": history,
            "chart": value_chart(
                rows=statuses,
                polarity=kpi.polarity,
                display=lambda value: display_kpi_value(value, kpi),
            )
            if statuses
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def kpi_create(request, reference):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    form = KPIForm(_posted(request), contract=contract)
    if form.is_valid():
        kpi = services.kpi_save(kpi=form.save(commit=False), user=request.user)
        messages.success(request, f"{kpi.code} created. Now add its target.")
        return redirect("kpis:target_create", contract.reference, kpi.code)
    return render(request, "kpis/kpi_form.html", {"contract": contract, "form": form})


@require_http_methods(["GET", "POST"])
def kpi_edit(request, reference, code):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    kpi = kpi_or_404(contract, code)
    form = KPIForm(_posted(request), instance=kpi, contract=contract)
    if form_saved(
        form, lambda data: services.kpi_save(kpi=form.save(commit=False), user=request.user)
    ):
        messages.success(request, f"{kpi.code} saved.")
        return redirect(kpi)
    return render(request, "kpis/kpi_form.html", {"contract": contract, "form": form, "kpi": kpi})


@require_http_methods(["GET", "POST"])
def target_create(request, reference, code):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    kpi = kpi_or_404(contract, code)
    suggested = suggested_target_month(kpi)
    form = TargetForm(_posted(request), kpi=kpi, initial={"effective_from": suggested})
    if form_saved(form, lambda data: _target_add(kpi, data, request.user)):
        month = form.cleaned_data["effective_from"]
        messages.success(request, f"Target version from {month.label} added.")
        return redirect(kpi)
    return render(
        request, "kpis/target_form.html", {"contract": contract, "kpi": kpi, "form": form}
    )


def _target_add(kpi, data: dict, user):
    services.target_add(
        kpi=kpi,
        effective_from=data["effective_from"],
        target=data.get("target"),
        minimum=data.get("minimum"),
        variation_reference=data["variation_reference"],
        user=user,
    )


@require_http_methods(["GET", "POST"])
def mitigation_create(request, reference, code):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    kpi = kpi_or_404(contract, code)
    form = MitigationForm(_posted(request))
    if form_saved(form, lambda data: services.mitigation_agree(kpi=kpi, user=request.user, **data)):
        messages.success(request, "Mitigation recorded.")
        return redirect(kpi)
    return render(
        request, "kpis/mitigation_form.html", {"contract": contract, "kpi": kpi, "form": form}
    )


@require_http_methods(["GET", "POST"])
def mitigation_end(request, reference, mitigation_id):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    mitigation = mitigation_or_404(contract, mitigation_id)
    form = MitigationEndForm(
        _posted(request), mitigation=mitigation, initial={"end": contract.closed_month}
    )
    if form_saved(
        form, lambda data: services.mitigation_end(mitigation=mitigation, user=request.user, **data)
    ):
        messages.success(
            request,
            f"Mitigation ended: the last month covered is {mitigation.end_month.label}.",
        )
        return redirect(mitigation.kpi)
    return render(
        request,
        "kpis/mitigation_end.html",
        {"contract": contract, "kpi": mitigation.kpi, "mitigation": mitigation, "form": form},
    )
