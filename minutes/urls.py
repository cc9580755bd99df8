from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/search/", views.search, name="search"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:meeting_id>/confirm/", views.minutes_confirm, name="minutes_confirm"),
    path("meetings/<int:meeting_id>/items/new/", views.item_create, name="item_create"),
    path("meetings/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path(
        "meetings/items/<int:item_id>/resolutions/new/",
        views.resolution_create,
        name="resolution_create",
    ),
    path("meetings/items/<int:item_id>/actions/new/", views.action_create, name="action_create"),
    path(
        "meetings/resolutions/<int:resolution_id>/edit/",
        views.resolution_edit,
        name="resolution_edit",
    ),
    path(
        "meetings/resolutions/<int:resolution_id>/move/",
        views.resolution_move,
        name="resolution_move",
    ),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
]
