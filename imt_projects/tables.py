import django_tables2 as tables

from core.tables import DateColumn, TagColumn

from .models import IMTProject


def describe_days(days: int) -> str:
    if days == 0:
        return "No change"
    direction = "later" if days > 0 else "earlier"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {direction}"


class PortfolioTable(tables.Table):
    priority = tables.Column(verbose_name="Priority", default="—")
    number = tables.Column(linkify=True, verbose_name="Number")
    title = tables.Column()
    stage = TagColumn(colour="stage_colour", accessor="stage_label", verbose_name="Stage")
    rag = TagColumn(colour="rag_colour", accessor="rag_label", verbose_name="RAG")
    target_go_live = DateColumn(verbose_name="Target go-live")
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
    review_date = DateColumn(verbose_name="Review date", default="—")
    status = TagColumn(colour="status_colour")

    class Meta:
        orderable = False
