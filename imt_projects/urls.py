from django.urls import path

from . import views

app_name = "imt_projects"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("benefits/", views.benefit_review, name="benefits"),
    path("<int:number>/", views.project_detail, name="detail"),
    path("<int:number>/go-live/", views.revise_go_live, name="revise_go_live"),
    path("<int:number>/updates/new/", views.record_update, name="record_update"),
    path("<int:number>/benefits/new/", views.benefit_edit, name="benefit_add"),
    path("<int:number>/benefits/<int:benefit_id>/", views.benefit_edit, name="benefit_edit"),
]
