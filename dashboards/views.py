from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contracts.models import Contract


@require_GET
def home(request):
    contracts = Contract.objects.visible_to(request.user).select_related("supplier")
    return render(request, "dashboards/home.html", {"contracts": contracts})


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(request, "dashboards/accessibility.html")
