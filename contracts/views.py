from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.concurrency import EditConflict
from core.exports import export_table

from . import services
from .filters import ContractFilter
from .forms import ContractForm
from .models import Contract
from .permissions import can_manage, get_contract_or_404, require
from .tables import ContractTable


@require_GET
def contract_list(request):
    queryset = Contract.objects.visible_to(request.user).select_related("supplier")
    contract_filter = ContractFilter(request.GET, queryset=queryset, request=request)
    table = ContractTable(contract_filter.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    export_format = request.GET.get("export")
    if export_format in ("csv", "xlsx"):
        return export_table(table, export_format, "contracts")
    return render(
        request, "contracts/contract_list.html", {"filter": contract_filter, "table": table}
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request, reference):
    contract = get_contract_or_404(request.user, reference)
    require(can_manage(request.user, contract))
    form = ContractForm(request.POST or None, instance=contract, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(contract=contract, **form.cleaned_data)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, "Contract details saved.")
            return redirect(contract)
    return render(request, "contracts/contract_form.html", {"contract": contract, "form": form})
