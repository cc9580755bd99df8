from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.concurrency import EditConflict
from core.lists import ObjectListView

from . import services
from .filters import ContractFilter
from .forms import ContractForm
from .models import Contract
from .permissions import can_manage, get_contract_or_404, require
from .tables import ContractTable


class ContractList(ObjectListView):
    filterset = ContractFilter
    table = ContractTable
    template_name = "core/object_list.html"
    title = "Contracts"
    export_name = "contracts"

    def queryset(self, request):
        return Contract.objects.visible_to(request.user).select_related("supplier")


contract_list = ContractList.as_view()


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
