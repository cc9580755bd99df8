from django.urls import path, register_converter

from .codes import KPICodeConverter
from .views import definitions, returns, review, uploads

register_converter(KPICodeConverter, "kpi_code")

app_name = "kpis"

urlpatterns = [
    path("kpis/", definitions.kpi_list, name="list"),
    path("kpis/new/", definitions.kpi_create, name="create"),
    path("kpis/template.xlsx", uploads.kpi_template, name="kpi_template"),
    path("kpis/upload/", uploads.kpi_upload_new, name="kpi_upload_new"),
    path("kpis/<kpi_code:code>/", definitions.kpi_detail, name="detail"),
    path("kpis/<kpi_code:code>/edit/", definitions.kpi_edit, name="edit"),
    path("kpis/<kpi_code:code>/targets/new/", definitions.target_create, name="target_create"),
    path(
        "kpis/<kpi_code:code>/mitigations/new/",
        definitions.mitigation_create,
        name="mitigation_create",
    ),
    path(
        "mitigations/<int:mitigation_id>/end/",
        definitions.mitigation_end,
        name="mitigation_end",
    ),
    path("returns/", returns.return_list, name="returns"),
    path("returns/<month:period>/", returns.monthly_return, name="return"),
    path("returns/<month:period>/template.xlsx", uploads.return_template, name="template"),
    path("returns/<month:period>/upload/", uploads.upload_new, name="upload_new"),
    path("uploads/<int:upload_id>/", uploads.upload_detail, name="upload"),
    path("uploads/<int:upload_id>/status.json", uploads.upload_status, name="upload_status"),
    path("review/", review.review, name="review"),
    path("figures/<int:figure_id>/approve/", review.figure_approve, name="figure_approve"),
    path("figures/<int:figure_id>/return/", review.figure_return, name="figure_return"),
    path("figures/<int:figure_id>/correct/", review.figure_correct, name="figure_correct"),
]
