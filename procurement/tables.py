import django_tables2 as tables

from core.formatting import format_date
from core.tables import DateColumn, PersonColumn, TagColumn


class AssessmentTable(tables.Table):
    period = tables.Column(
        accessor="period_label", linkify=True, verbose_name="Period", order_by=("period_start",)
    )
    final = tables.BooleanColumn(verbose_name="Final", yesno="Yes,No")
    status = TagColumn("status_colour", verbose_name="Status")
    submitted_by = PersonColumn(verbose_name="Submitted by")
    approved_by = PersonColumn(verbose_name="Approved by")
    notice = tables.Column(accessor="notice_id", verbose_name="Notice published", empty_values=())

    caption = "Assessments"

    class Meta:
        orderable = False
        empty_text = "No assessment yet."

    def render_notice(self, record):
        if not record.notice_id:
            return "Not yet"
        return f"{record.notice_id}, {format_date(record.notice_published_on, 'short')}"


class BreachTable(tables.Table):
    kind = tables.Column(linkify=True, verbose_name="Kind")
    decision_date = DateColumn(verbose_name="Decided on")
    requirement = tables.Column(verbose_name="Obligation breached")
    status = TagColumn("status_colour", verbose_name="Status")

    caption = "Breaches and failures to improve"

    class Meta:
        orderable = False
        empty_text = "No breach recorded."

    def render_kind(self, record):
        return record.get_kind_display()
