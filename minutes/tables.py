import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import Action, Meeting


class MeetingTable(tables.Table):
    date = tables.DateColumn(format="j M Y", linkify=True, verbose_name="Date")
    board = tables.Column(accessor="board__name", verbose_name="Board")
    place = tables.Column()
    status = tables.Column()

    class Meta:
        model = Meeting
        fields = ("date", "board", "place", "status")
        orderable = False
        empty_text = "No meetings match these filters."

    def render_status(self, record):
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            record.status_tag_class,
            record.get_status_display(),
        )

    def value_status(self, record):
        return record.get_status_display()


class ActionTable(tables.Table):
    description = tables.Column(attrs={"td": {"class": "app-prose"}})
    owner = tables.Column()
    due_date = tables.DateColumn(format="j M Y", verbose_name="Due")
    status = tables.Column()
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

    def render_status(self, record):
        word = record.get_status_display()
        if record.is_overdue(self.today):
            word = f"Overdue – {word.lower()}"
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>', record.tag_class(self.today), word
        )

    def value_status(self, record):
        if record.is_overdue(self.today):
            return f"Overdue – {record.get_status_display().lower()}"
        return record.get_status_display()

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
