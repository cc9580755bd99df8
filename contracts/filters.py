import django_filters
from django.db.models import Q

from .choices import ContractStatus
from .models import Contract, Supplier


def _visible_suppliers(request):
    if request is None:
        return Supplier.objects.none()
    return Supplier.objects.visible_to(request.user)


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference or title")
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, empty_label="Any")
    supplier = django_filters.ModelChoiceFilter(queryset=_visible_suppliers, empty_label="Any")

    class Meta:
        model = Contract
        fields = ["q", "status", "supplier"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))
