from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NarrativeSection, PackBuild, PackVersion, Report, SupportingDocument


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: records written only by the app's services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NarrativeInline(admin.StackedInline):
    model = NarrativeSection
    extra = 0


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "agenda_item", "officer", "author"]
    list_filter = ["kind"]
    list_select_related = ["agenda_item__meeting__board", "author"]
    inlines = [NarrativeInline]


@admin.register(SupportingDocument)
class SupportingDocumentAdmin(ReadOnlyAdmin):
    """Uploaded through the item's page only, where each file is checked."""

    list_display = ["title", "agenda_item", "page_count", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["agenda_item__meeting__board", "uploaded_by"]
    readonly_fields = ["sha256"]


@admin.register(PackBuild)
class PackBuildAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "purpose", "status", "progress", "requested_by", "requested_at"]
    list_filter = ["purpose", "status"]
    list_select_related = ["meeting__board", "requested_by"]


@admin.register(PackVersion)
class PackVersionAdmin(ReadOnlyAdmin):
    """A published version never changes: no add, change or delete, here or anywhere."""

    list_display = ["meeting", "number", "published_at", "published_by", "page_count", "sha256"]
    list_select_related = ["meeting__board", "published_by"]
    fields = [
        "meeting",
        "number",
        "published_at",
        "published_by",
        "pdf",
        "page_count",
        "sha256",
        "html",
        "html_sha256",
        "exempt_pdf",
        "exempt_page_count",
        "exempt_sha256",
        "corrections",
    ]
