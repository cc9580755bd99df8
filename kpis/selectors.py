"""Reads that views, forms, tables, uploads and tasks share. A contract's KPI, figure or
mitigation asked for by id or code is found within the contract; anything outside it is a 404."""

from django.shortcuts import get_object_or_404

from contracts.permissions import can_enter_figures, officer_service_areas

from .models import KPI, KPIFigure, Mitigation


def kpi_or_404(contract, code: str) -> KPI:
    queryset = KPI.objects.for_contract(contract).select_related("contract", "service_area")
    return get_object_or_404(queryset.with_code(code))


def figure_or_404(contract, figure_id: int) -> KPIFigure:
    queryset = KPIFigure.objects.for_contract(contract).select_related(
        "kpi__contract", "kpi__service_area", "submitted_by", "approved_by"
    )
    return get_object_or_404(queryset, pk=figure_id)


def mitigation_or_404(contract, mitigation_id: int) -> Mitigation:
    queryset = Mitigation.objects.filter(kpi__contract=contract).select_related("kpi__contract")
    return get_object_or_404(queryset, pk=mitigation_id)


def entry_areas(user, contract):
    """The service areas an officer limited to some works with; None: all of them."""
    if not can_enter_figures(user, contract):
        return None
    return officer_service_areas(user, contract)


def return_kpis(user, contract):
    """The KPIs whose figures a user works with: an officer limited to some service areas
    sees only theirs; everyone else who may see the contract sees them all."""
    kpis = KPI.objects.for_contract(contract)
    areas = entry_areas(user, contract)
    return kpis if areas is None else kpis.filter(service_area__in=areas)
