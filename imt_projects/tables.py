import django_tables2 as tables
from django.utils.html import format_html

from .models import IMTProject


def tag(css_class: str, word: str) -> str:
    if not word:
        return "—"
    return format_html('<strong class="govuk-tag {}">{}</strong>', css_class, word)


def describe_days(days: int) -> str:
    if days == 0:
        return "No change"
    direction = "later" if days > 0 else "earlier"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {direction}"


class PortfolioTable(tables.Table):
    priority = tables.Column(verbose_name="Priority", default="—")
    number = tables.Column(linkify=True, verbose_name="Number")
    title = tables.Column()
    stage = tables.Column(accessor="latest_stage", verbose_name="Stage", default="—")
    rag = tables.Column(accessor="latest_rag", verbose_name="RAG", default="—")
    target_go_live = tables.DateColumn(format="j M Y", verbose_name="Target go-live")
    slippage = tables.Column(empty_values=(), verbose_name="Slippage", orderable=False)
    last_update = tables.Column(
        accessor="latest_update_month", verbose_name="Last update", default="—"
    )

    class Meta:
        model = IMTProject
        fields = (
            "priority",
            "number",
            "title",
            "stage",
            "rag",
            "target_go_live",
            "slippage",
            "last_update",
        )
        orderable = False

    def render_stage(self, record):
        return tag(record.stage_tag_class, record.stage_label)

    def value_stage(self, record):
        return record.stage_label

    def render_rag(self, record):
        return tag(record.rag_tag_class, record.rag_label)

    def value_rag(self, record):
        return record.rag_label

    def render_slippage(self, record):
        return describe_days(record.slippage_days)

    def value_slippage(self, record):
        return record.slippage_days

    def render_last_update(self, record):
        return record.latest_update_label

    def value_last_update(self, record):
        return record.latest_update_label


class BenefitReviewTable(tables.Table):
    project = tables.Column(linkify=lambda record: record.project.get_absolute_url())
    description = tables.Column()
    measure = tables.Column()
    baseline = tables.Column(default="—")
    target = tables.Column(verbose_name="Expected")
    realised = tables.Column(default="—")
    review_date = tables.DateColumn(format="j M Y", verbose_name="Review date", default="—")
    status = tables.Column()

    class Meta:
        orderable = False

    def render_status(self, record):
        return tag(record.status_tag_class, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()
