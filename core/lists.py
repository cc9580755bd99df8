"""A list page as four declarations, in the spirit of NetBox's ObjectListView: the rows
the person may see, a FilterSet (its form is the page's filter form), a Table and a
template. `?export=csv` or `?export=xlsx` downloads the table as shown — filtered and
sorted, every page of it — through `core.exports`, so a download never differs from the
screen and every cell passes the formula guard.

    class ContractList(ObjectListView):
        filterset = ContractFilter
        table = ContractTable
        template_name = "contracts/contract_list.html"
        export_name = "contracts"

        def queryset(self, request):
            return Contract.objects.visible_to(request.user)

Scoping is the queryset's job (`visible_to(user)`), so the one method a page must write
is the one that keeps it safe.
"""

from django.db.models import QuerySet
from django.shortcuts import render
from django.views import View
from django_filters import FilterSet
from django_tables2 import RequestConfig, Table

from .exports import export_table

EXPORT_FORMATS = ("csv", "xlsx")


class ObjectListView(View):
    http_method_names = ["get"]
    filterset: type[FilterSet]
    table: type[Table]
    template_name: str
    title = ""
    caption = ""
    # The download's file name (without extension); a page without one offers none.
    export_name = ""
    per_page = 50

    def queryset(self, request) -> QuerySet:
        """The rows the person may see, before filtering."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        filterset = self.filterset(
            request.GET, queryset=self.queryset(request), **self.filterset_kwargs()
        )
        rows = self.rows(filterset.qs)
        export_format = request.GET.get("export")
        if self.get_export_name() and export_format in EXPORT_FORMATS:
            return export_table(self.export_table(rows), export_format, self.get_export_name())
        context = {
            "title": self.title,
            "filter": filterset,
            "exportable": bool(self.get_export_name()),
            **self.tables(rows),
            **self.extra_context(),
        }
        return render(request, self.template_name, context)

    def filterset_kwargs(self) -> dict:
        return {"request": self.request}

    def rows(self, queryset: QuerySet):
        """The filtered rows in the order the table shows them unsorted."""
        return queryset

    def get_table(self, rows) -> Table:
        table = self.table(rows)
        if self.caption:
            table.caption = self.caption
        return table

    def tables(self, rows) -> dict:
        """The page's tables, sorted and paginated from the query string."""
        return {"table": self.configure(self.get_table(rows), per_page=self.per_page)}

    def configure(self, table: Table, *, per_page: int | None) -> Table:
        paginate = {"per_page": per_page} if per_page else False
        RequestConfig(self.request, paginate=paginate).configure(table)
        return table

    def export_table(self, rows) -> Table:
        """The table a download is made of: the page's table, as sorted."""
        return self.tables(rows)["table"]

    def get_export_name(self) -> str:
        return self.export_name

    def extra_context(self) -> dict:
        return {}
