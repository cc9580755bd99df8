import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from core.tables import DateColumn, TagColumn

from .models import Action, Meeting


class MeetingTable(tables.Table):
    date = DateColumn(linkify=True, verbose_name="Date")
    board = tables.Column(accessor="board__name", verbose_name="Board")
    place = tables.Column()
    status = TagColumn(colour="status_colour")

    class Meta:
        model = Meeting
        fields = ("date", "board", "place", "status")
        orderable = False
        empty_text = "No meetings match these filters."


class ActionTable(tables.Table):
    description = tables.Column(attrs={"td": {"class": "app-prose"}})
    owner = tables.Column()
    due_date = DateColumn(verbose_name="Due")
    status = TagColumn(
        colour=lambda record, table: record.colour(table.today),
        word=lambda record, table: record.status_word(table.today),
    )
    meeting = tables.Column(accessor="agenda_item__meeting", verbose_name="Meeting")
    contract = tables.Column(
        accessor="agenda_item__contract__reference", verbose_name="Contract", default=""
    )
    kpi = tables.Column(accessor="kpi__code", verbose_name="KPI", default="")
    edit = tables.Column(empty_values=(), verbose_name="", exclude_from_export=True)

    class Meta:
        model = Action
        fields = ("description", "owner", "due_date", "status", "meeting", "contract", "kpi")
        orderable = False
        empty_text = "No actions match these filters."

    def __init__(self, *args, today, can_edit=False, **kwargs):
        self.today = today
        super().__init__(*args, exclude=() if can_edit else ("edit",), **kwargs)

    def render_meeting(self, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', value.get_absolute_url(), value
        )

    def value_meeting(self, value):
        return str(value)

    def render_edit(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">Update'
            '<span class="govuk-visually-hidden"> action: {}</span></a>',
            reverse("minutes:action_edit", args=[record.pk]),
            record.description[:60],
        )
