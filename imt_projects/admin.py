from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate


@admin.register(IMTProject)
class IMTProjectAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "contract", "priority", "target_go_live")
    list_filter = ("contract",)
    search_fields = ("number", "title")

    def get_readonly_fields(self, request, obj=None):
        # The target moves only through a revision with a reason (the project page).
        return ("target_go_live",) if obj else ()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.target_go_live = obj.baseline_go_live
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        return () if obj else ("target_go_live",)


# Revisions and updates are recorded on the project page, where the services enforce
# their rules (a reason for every date moved and every RAG changed); here they can be
# read, and their words corrected, but their dates, stage and RAG never rewritten.


@admin.register(GoLiveRevision)
class GoLiveRevisionAdmin(SimpleHistoryAdmin):
    list_display = ("project", "previous_date", "new_date", "recorded_at")
    readonly_fields = ("project", "previous_date", "new_date", "recorded_by", "recorded_at")

    def has_add_permission(self, request):
        return False


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("project", "month", "stage", "rag")
    list_filter = ("stage", "rag")
    readonly_fields = ("project", "month", "stage", "rag", "recorded_by", "recorded_at")

    def has_add_permission(self, request):
        return False


@admin.register(Benefit)
class BenefitAdmin(SimpleHistoryAdmin):
    list_display = ("project", "measure", "status", "review_date")
    list_filter = ("status",)
