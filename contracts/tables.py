import django_tables2 as tables

from core.tables import DateColumn, TagColumn

from .models import Contract


class ContractTable(tables.Table):
    reference = tables.Column(linkify=True, verbose_name="Reference")
    title = tables.Column()
    supplier = tables.Column(accessor="supplier__name", verbose_name="Supplier")
    authority = tables.Column()
    status = TagColumn(colour="status_colour")
    start_date = DateColumn(verbose_name="Start")
    end_date = DateColumn(verbose_name="End")

    class Meta:
        model = Contract
        fields = ("reference", "title", "supplier", "authority", "status", "start_date", "end_date")
        order_by = "reference"
