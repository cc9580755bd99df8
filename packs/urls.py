from django.urls import path

from .views import build, pack, reports

app_name = "packs"

urlpatterns = [
    # The pack page and the published files (publication: views/pack.py).
    path("meetings/<int:meeting_id>/pack/", pack.pack_page, name="pack"),
    path("meetings/<int:meeting_id>/pack.pdf", pack.latest_pdf, name="latest_pdf"),
    path(
        "meetings/<int:meeting_id>/pack/v<int:version_number>.pdf",
        pack.version_pdf,
        name="version_pdf",
    ),
    path(
        "meetings/<int:meeting_id>/pack/v<int:version_number>.html",
        pack.version_html,
        name="version_html",
    ),
    path("meetings/<int:meeting_id>/pack/exempt.pdf", pack.exempt_pdf, name="exempt_pdf"),
    path("meetings/<int:meeting_id>/pack/publish/", pack.publish, name="publish"),
    # Building: previews, progress, supporting documents (views/build.py).
    path("meetings/<int:meeting_id>/pack/preview/", build.preview, name="preview"),
    path("meetings/<int:meeting_id>/pack/builds/<int:build_id>/", build.build_status, name="build"),
    path(
        "meetings/<int:meeting_id>/pack/builds/<int:build_id>/preview.pdf",
        build.preview_pdf,
        name="preview_pdf",
    ),
    path(
        "meetings/items/<int:item_id>/documents/new/", build.document_upload, name="document_upload"
    ),
    path(
        "meetings/documents/<int:document_id>/remove/",
        build.document_remove,
        name="document_remove",
    ),
    # Reports (views/reports.py).
    path("meetings/items/<int:item_id>/report/", reports.report_edit, name="report_edit"),
    path("meetings/items/<int:item_id>/report/view/", reports.report_detail, name="report_detail"),
    path(
        "meetings/items/<int:item_id>/report/sections/new/",
        reports.narrative_add,
        name="narrative_add",
    ),
    path(
        "meetings/report-sections/<int:section_id>/", reports.narrative_edit, name="narrative_edit"
    ),
    path(
        "meetings/report-sections/<int:section_id>/move/",
        reports.narrative_move,
        name="narrative_move",
    ),
    path(
        "meetings/report-sections/<int:section_id>/remove/",
        reports.narrative_remove,
        name="narrative_remove",
    ),
]
