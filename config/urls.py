from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Oversight administration"
admin.site.site_title = "Oversight administration"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("contracts/", include("contracts.urls")),
    path("", include("dashboards.urls")),
]
