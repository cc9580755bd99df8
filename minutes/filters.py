import django_filters

from contracts.models import Contract
from core.periods import FIRST_YEAR, LAST_YEAR

from .choices import ActionStatus
from .models import Action, Board, Meeting


def _visible_boards(request):
    if request is None:
        return Board.objects.none()
    return Board.objects.visible_to(request.user)


class MeetingFilter(django_filters.FilterSet):
    board = django_filters.ModelChoiceFilter(queryset=_visible_boards, empty_label="Any")
    # A year no meeting can have is refused with a message (and the filter ignored).
    year = django_filters.NumberFilter(
        field_name="date",
        lookup_expr="year",
        label="Year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        decimal_places=0,
    )

    class Meta:
        model = Meeting
        fields = ["board", "year"]


def _visible_contracts(request):
    if request is None:
        return Contract.objects.none()
    return Contract.objects.visible_to(request.user)


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, empty_label="Any")
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner")
    board = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting__board", queryset=_visible_boards, empty_label="Any"
    )
    contract = django_filters.ModelChoiceFilter(
        field_name="agenda_item__contract",
        queryset=_visible_contracts,
        empty_label="Any",
        to_field_name="reference",
    )

    class Meta:
        model = Action
        fields = ["status", "owner", "board", "contract"]
