from django.urls import include, path

from . import views

app_name = "procurement"

ASSESSMENT = "assessments/<int:assessment_id>/"
BREACH = "assessments/breaches/<int:breach_id>/"

urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/details/", views.details_edit, name="details"),
    path("assessments/new/", views.assessment_create, name="create"),
    path(ASSESSMENT, views.assessment_detail, name="detail"),
    path("", include("procurement.export_urls")),
    path(f"{ASSESSMENT}ratings/<int:rating_id>/", views.rating_edit, name="rating"),
    path(f"{ASSESSMENT}publication/", views.assessment_publication, name="publication"),
    *(
        path(f"{ASSESSMENT}{step}/", views.assessment_step, {"step": step}, name=step)
        for step in views.ASSESSMENT_STEPS
    ),
    path("assessments/breaches/new/", views.breach_create, name="breach_create"),
    path(BREACH, views.breach_detail, name="breach"),
    path(f"{BREACH}edit/", views.breach_edit, name="breach_edit"),
    path(f"{BREACH}publication/", views.breach_publication, name="breach_publication"),
    *(
        path(f"{BREACH}{step}/", views.breach_step, {"step": step}, name=f"breach_{step}")
        for step in views.BREACH_STEPS
    ),
]
