import django_tables2 as tables
from django.utils.html import format_html

from .models import Contract


class ContractTable(tables.Table):
    reference = tables.Column(linkify=True, verbose_name="Reference")
    title = tables.Column()
    supplier = tables.Column(accessor="supplier__name", verbose_name="Supplier")
    authority = tables.Column()
    status = tables.Column()
    start_date = tables.DateColumn(format="j M Y", verbose_name="Start")
    end_date = tables.DateColumn(format="j M Y", verbose_name="End")

    class Meta:
        model = Contract
        fields = ("reference", "title", "supplier", "authority", "status", "start_date", "end_date")
        order_by = "reference"

    def render_status(self, record):
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            record.status_tag_class,
            record.get_status_display(),
        )

    def value_status(self, record):
        return record.get_status_display()
