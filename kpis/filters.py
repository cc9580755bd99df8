import django_filters
from django.db.models import Q

from core.forms import MonthField

from .choices import Frequency, Unit
from .models import KPI, KPIFigure


class MonthFilter(django_filters.Filter):
    """A month typed as YYYY-MM, matched against a first-of-month date field."""

    field_class = MonthField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value.first_day})


class ContractScopedFilterSet(django_filters.FilterSet):
    """Offers only the service areas of the contract being viewed."""

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["service_area"].queryset = contract.service_areas.all()


class KPIFilter(ContractScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Code or name")
    service_area = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any")
    unit = django_filters.ChoiceFilter(choices=Unit.choices, empty_label="Any")
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices, empty_label="Any")
    contractual = django_filters.ChoiceFilter(
        choices=[("yes", "Contractual KPIs"), ("no", "Performance indicators")],
        method="kind",
        label="Kind",
        empty_label="Any",
    )

    class Meta:
        model = KPI
        fields = ["q", "service_area", "unit", "frequency", "contractual"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))

    def kind(self, queryset, name, value):
        return queryset.filter(contractual=value == "yes")


class ReviewFilter(ContractScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="KPI code or name")
    service_area = django_filters.ModelChoiceFilter(
        field_name="kpi__service_area", queryset=None, empty_label="Any", label="Service area"
    )
    period = MonthFilter(label="Month")

    class Meta:
        model = KPIFigure
        fields = ["q", "service_area", "period"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(kpi__code__icontains=value) | Q(kpi__name__icontains=value))
