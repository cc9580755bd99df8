from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    AssessmentRating,
    AssessmentReminder,
    BreachNotice,
    ContractDetails,
    Party,
)


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "identifier_scheme", "identifier_id", "supplier"]
    search_fields = ["legal_name", "identifier_id"]


@admin.register(ContractDetails)
class ContractDetailsAdmin(SimpleHistoryAdmin):
    list_display = ["contract", "procurement_title", "value", "ocid", "buyer"]
    list_select_related = ["contract", "buyer"]


class ApprovedReadOnly:
    """An approved record never changes here either: the models would refuse the save,
    so the admin offers no form to try (publication is recorded on its page)."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_approved)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_approved)


class RatingInline(admin.TabularInline):
    model = AssessmentRating
    extra = 0
    raw_id_fields = ["kpi"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_approved)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_approved)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_approved)


@admin.register(Assessment)
class AssessmentAdmin(ApprovedReadOnly, SimpleHistoryAdmin):
    list_display = ["contract", "period_start", "period_end", "final", "status", "notice_id"]
    list_filter = ["status", "contract"]
    list_select_related = ["contract"]
    inlines = [RatingInline]


@admin.register(BreachNotice)
class BreachNoticeAdmin(ApprovedReadOnly, SimpleHistoryAdmin):
    list_display = ["contract", "kind", "decision_date", "status", "notice_id"]
    list_filter = ["status", "kind", "contract"]
    list_select_related = ["contract"]
    filter_horizontal = ["kpis", "resolutions", "actions"]


@admin.register(AssessmentReminder)
class AssessmentReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "contract", "due_date", "recipient", "sent_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
