import django_filters
from django import forms
from django.db.models import Q

from contracts.models import Contract

from .choices import RAG, BenefitStatus, Stage
from .models import Benefit, IMTProject


def _visible_contracts(request):
    return Contract.objects.visible_to(request.user) if request else Contract.objects.none()


class ProjectFilter(django_filters.FilterSet):
    """Filters a queryset annotated by `with_latest_update()`."""

    q = django_filters.CharFilter(method="search", label="Number or title")
    stage = django_filters.ChoiceFilter(
        field_name="latest_stage", label="Stage", choices=Stage.choices, empty_label="Any"
    )
    rag = django_filters.ChoiceFilter(
        field_name="latest_rag", label="RAG", choices=RAG.choices, empty_label="Any"
    )
    contract = django_filters.ModelChoiceFilter(
        label="Contract", queryset=_visible_contracts, empty_label="Any"
    )

    class Meta:
        model = IMTProject
        fields = ["q", "stage", "rag", "contract"]

    def search(self, queryset, name, value):
        query = Q(title__icontains=value)
        if value.strip().isdigit():
            query |= Q(number=int(value))
        return queryset.filter(query)


class BenefitFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=BenefitStatus.choices, empty_label="Any"
    )
    due_by = django_filters.DateFilter(
        field_name="review_date",
        lookup_expr="lte",
        label="Review due by",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    contract = django_filters.ModelChoiceFilter(
        field_name="project__contract",
        label="Contract",
        queryset=_visible_contracts,
        empty_label="Any",
    )

    class Meta:
        model = Benefit
        fields = ["status", "due_by", "contract"]
