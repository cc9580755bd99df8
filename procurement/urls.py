from django.urls import include, path

app_name = "procurement"

urlpatterns = [
    path("", include("procurement.export_urls")),
]
