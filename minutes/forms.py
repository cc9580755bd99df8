from django import forms

from core.concurrency import VersionedFormMixin
from imt_projects.models import IMTProject
from kpis.models import KPI

from .choices import MeetingStatus
from .models import Action, AgendaItem, Meeting, Resolution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "board",
            "date",
            "start_time",
            "place",
            "chair",
            "status",
            "members_present",
            "apologies",
            "officers_in_attendance",
            "declarations_of_interest",
        ]
        widgets = {
            "date": DATE,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "members_present": forms.Textarea(attrs={"rows": 4}),
            "apologies": forms.Textarea(attrs={"rows": 3}),
            "officers_in_attendance": forms.Textarea(attrs={"rows": 3}),
            "declarations_of_interest": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Confirming minutes is its own step, recorded against the later meeting.
        self.fields["status"].choices = [
            c for c in MeetingStatus.choices if c[0] != MeetingStatus.MINUTES_CONFIRMED
        ]


class AgendaItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "purpose",
            "report_by",
            "contract",
            "pages",
            "minutes",
            "points",
            "exempt",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
            "points": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = "Leave empty to number it after the last item."


def _kpis_for(agenda_item: AgendaItem):
    if agenda_item.contract_id is None:
        return KPI.objects.none()
    return KPI.objects.filter(contract_id=agenda_item.contract_id).order_by("code")


def _projects_for(agenda_item: AgendaItem):
    """IMT projects of the item's contract, and projects under no contract."""
    from django.db.models import Q

    return IMTProject.objects.filter(
        Q(contract__isnull=True) | Q(contract_id=agenda_item.contract_id)
    ).order_by("number")


class ResolutionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["text", "kpi", "imt_project"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agenda_item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = _kpis_for(agenda_item)
        self.fields["imt_project"].queryset = _projects_for(agenda_item)


class ActionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "resolution",
            "description",
            "owner",
            "due_date",
            "status",
            "closing_note",
            "kpi",
            "imt_project",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "closing_note": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE,
        }

    def __init__(self, *args, agenda_item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = agenda_item.resolutions.all()
        self.fields["kpi"].queryset = _kpis_for(agenda_item)
        self.fields["imt_project"].queryset = _projects_for(agenda_item)


class ConfirmMinutesForm(forms.Form):
    confirmed_at = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Confirmed at the meeting of",
        help_text="A later meeting of the same board.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed_at"].queryset = (
            Meeting.objects.filter(board_id=meeting.board_id, date__gt=meeting.date)
            .select_related("board")
            .order_by("date")
        )


class SearchForm(forms.Form):
    # A form field refuses NUL characters and overlong text with a message.
    q = forms.CharField(required=False, max_length=200)
