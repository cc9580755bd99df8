"""Reads that views, forms, tables, uploads and tasks share. A contract's KPI, figure or
mitigation asked for by id or code is found within the contract; anything outside it is a 404."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from contracts.permissions import can_enter_figures, officer_service_areas
from core.periods import Month

from .choices import UploadState
from .models import KPI, KPIFigure, KPITarget, Mitigation, Upload

RECENT_UPLOADS = 20


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


def with_return_data(kpis, month: Month):
    """KPIs with what a return row shows: service area, target in force, the figure."""
    return (
        kpis.select_related("contract", "service_area")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=KPITarget.objects.filter(effective_from__lte=month.first_day).order_by(
                    "-effective_from"
                ),
                to_attr="targets_in_force",
            ),
            Prefetch(
                "figures",
                # A row names who approved its figure, no one else. A KPI has one figure a
                # month: no order (the default's joins and sort cost more than the read).
                queryset=KPIFigure.objects.in_month(month).select_related("approved_by").order_by(),
                to_attr="month_figures",
            ),
        )
        .order_by("service_area__sort_order", "service_area__name", "code")
    )


def figures_in_month(*, kpi_ids, month: Month):
    """The figures of these KPIs for the month, as a return row shows them."""
    figures = KPIFigure.objects.in_month(month).filter(kpi__in=kpi_ids)
    return figures.select_related("approved_by").order_by()  # one a KPI: no order needed


def posted_outside(user, contract, kpis, posted_ids) -> bool:
    """Whether a posted return has fields for KPIs of the contract outside `kpis`, the
    user's (`return_kpis`). A user not limited to some service areas has them all: no
    query is needed."""
    if entry_areas(user, contract) is None:
        return False
    outside = KPI.objects.for_contract(contract).filter(pk__in=posted_ids).exclude(pk__in=kpis)
    return outside.exists()


def recent_uploads(contract, month: Month):
    uploads = Upload.objects.filter(contract=contract, period=month.first_day).defer("data")
    return uploads.select_related("uploaded_by")[:RECENT_UPLOADS]


def upload_or_404(contract, upload_id: int) -> Upload:
    queryset = Upload.objects.filter(contract=contract).defer("data")
    return get_object_or_404(queryset.select_related("contract", "uploaded_by"), pk=upload_id)


def review_queue(contract):
    """The contract's figures awaiting approval."""
    return (
        KPIFigure.objects.for_contract(contract)
        .submitted()
        .select_related("kpi__contract", "kpi__service_area", "submitted_by")
    )


def kpi_page_data(kpi: KPI) -> dict:
    """What a KPI's page lists beside its definition."""
    # Ordered by their own dates: the models' default orders start with the KPI, whose
    # own order joins its contract and service area, for rows all of one KPI.
    return {
        "statuses": list(kpi.month_statuses.order_by("period")),
        "figures": list(kpi.figures.select_related("approved_by").order_by()),  # month_rows
        "targets": kpi.targets.select_related("created_by").order_by("effective_from"),
        "mitigations": kpi.mitigations.select_related("recorded_by").order_by("start"),
    }


def suggested_target_month(kpi: KPI) -> Month:
    """A KPI's first target takes effect when it goes live; a later one in the first
    month still open (an earlier one needs a contract variation)."""
    if not kpi.targets.exists():
        return kpi.live_month
    closed = kpi.contract.closed_month
    return closed.next() if closed else kpi.live_month


def kpi_code_taken(contract, code: str, *, exclude_pk=None) -> bool:
    return KPI.objects.for_contract(contract).with_code(code).exclude(pk=exclude_pk).exists()


def same_file_imported(upload: Upload) -> Upload | None:
    """An earlier import of exactly this file for this contract, if any."""
    earlier = Upload.objects.filter(
        contract=upload.contract,
        kind=upload.kind,
        sha256=upload.sha256,
        state=UploadState.COMMITTED,
    )
    return earlier.exclude(pk=upload.pk).order_by("-committed_at").first()
