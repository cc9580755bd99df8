from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from contracts.accounts import PasswordResetForm
from core.converters import MonthConverter
from dashboards import views as dashboard_views

from . import views

register_converter(MonthConverter, "month")

admin.site.site_header = "Oversight administration"
admin.site.site_title = "Oversight administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("contracts/", include("contracts.urls")),
    path(
        "contracts/<str:reference>/",
        dashboard_views.contract_dashboard,
        name="contract_dashboard",
    ),
    path(
        "contracts/<str:reference>/exceptions/",
        dashboard_views.contract_exceptions,
        name="contract_exceptions",
    ),
    path("contracts/<str:reference>/", include("procurement.urls")),
    path("contracts/<str:reference>/", include("kpis.urls")),
    path("imt/", include("imt_projects.urls")),
    path("", include("minutes.urls")),
    path("", include("packs.urls")),
    path("", include("dashboards.urls")),
]
