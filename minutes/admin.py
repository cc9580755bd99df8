from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, AgendaItem, Board, Meeting, Resolution


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    filter_horizontal = ["members"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "board", "place", "status"]
    list_filter = ["board", "status"]
    list_select_related = ["board"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "number", "title", "contract", "exempt"]
    list_select_related = ["meeting__board", "contract"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["agenda_item", "number", "text"]
    list_select_related = ["agenda_item"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "due_date", "status"]
    list_filter = ["status"]
