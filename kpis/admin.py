from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    KPI,
    ContractPeriodSummary,
    KPIFigure,
    KPIMonthStatus,
    KPITarget,
    Mitigation,
    RecomputeRequest,
    RecomputeRun,
    ReminderLog,
    Upload,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived rows and run logs: rebuilt by the recompute, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KPI)
class KPIAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "contract",
        "service_area",
        "unit",
        "frequency",
        "contractual",
        "published",
    ]
    list_filter = ["contract", "unit", "frequency", "contractual", "published"]
    search_fields = ["code", "name"]
    list_select_related = ["contract", "service_area"]


@admin.register(KPITarget)
class KPITargetAdmin(SimpleHistoryAdmin):
    list_display = ["kpi", "effective_from", "target", "minimum", "variation_reference"]
    list_filter = ["kpi__contract"]
    search_fields = ["kpi__code"]
    list_select_related = ["kpi"]

    def has_change_permission(self, request, obj=None):
        # Versions are immutable: a change is a new version.
        return False


@admin.register(KPIFigure)
class KPIFigureAdmin(SimpleHistoryAdmin):
    list_display = ["kpi", "period", "value", "state", "entered_by", "approved_by"]
    list_filter = ["state", "kpi__contract"]
    search_fields = ["kpi__code"]
    date_hierarchy = "period"
    list_select_related = ["kpi", "entered_by", "approved_by"]
    raw_id_fields = ["kpi", "entered_by", "submitted_by", "approved_by"]


@admin.register(Mitigation)
class MitigationAdmin(SimpleHistoryAdmin):
    list_display = ["kpi", "start", "end", "agreed_by", "agreed_on"]
    list_filter = ["kpi__contract"]
    search_fields = ["kpi__code", "reason"]
    list_select_related = ["kpi"]


@admin.register(KPIMonthStatus)
class KPIMonthStatusAdmin(ReadOnlyAdmin):
    list_display = ["kpi", "period", "status", "underlying_status", "persistent_failure"]
    list_filter = ["contract", "status", "persistent_failure"]
    search_fields = ["kpi__code"]
    date_hierarchy = "period"
    list_select_related = ["kpi"]


@admin.register(ContractPeriodSummary)
class ContractPeriodSummaryAdmin(ReadOnlyAdmin):
    list_display = ["contract", "period", "green", "amber", "red", "mitigated", "achieved_percent"]
    list_filter = ["contract"]
    date_hierarchy = "period"


@admin.register(RecomputeRun)
class RecomputeRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "contract", "period", "outcome", "rows_changed", "finished_at"]
    list_filter = ["outcome", "contract"]


@admin.register(RecomputeRequest)
class RecomputeRequestAdmin(ReadOnlyAdmin):
    """The outbox: recomputes requested and not yet done (`kpis.outbox`)."""

    list_display = ["contract", "period", "requested_at", "dispatched_at"]
    list_select_related = ["contract"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "kind", "contract", "period", "recipient"]
    list_filter = ["kind", "contract"]
    list_select_related = ["contract", "recipient"]


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "contract", "kind", "period", "filename", "state", "uploaded_by"]
    list_filter = ["state", "kind", "contract"]
    list_select_related = ["contract", "uploaded_by"]
    exclude = ["data"]
