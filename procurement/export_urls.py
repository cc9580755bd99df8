"""The notice's exports of an assessment, included by `procurement/urls.py`."""

from django.urls import path

from . import export_views

urlpatterns = [
    path(
        "assessments/<int:assessment_id>/notice.json",
        export_views.notice_json_download,
        name="notice_json",
    ),
    path(
        "assessments/<int:assessment_id>/notice/",
        export_views.notice_page,
        name="notice_page",
    ),
    path(
        "assessments/<int:assessment_id>/notice.pdf",
        export_views.notice_pdf,
        name="notice_pdf",
    ),
    path(
        "assessments/<int:assessment_id>/notice.csv",
        export_views.notice_csv_download,
        name="notice_csv",
    ),
]
