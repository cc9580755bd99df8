from django import forms

from core.concurrency import VersionedFormMixin
from core.forms import MonthField

from .choices import RAG, Stage
from .models import Benefit, IMTProject

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"})


class RevisionForm(VersionedFormMixin, forms.Form):
    """Moves the project's target go-live date: an edit of the project."""

    new_date = forms.DateField(label="New target go-live date", widget=DATE_WIDGET)
    reason = forms.CharField(
        label="Why it moved",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, “An additional testing phase was added to the plan”.",
    )
    reported_to = forms.CharField(
        label="Where it was reported",
        required=False,
        max_length=200,
        help_text="In words, for example “Partnership Board, September 2018”.",
    )

    def __init__(self, *args, project: IMTProject, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)

    def versioned_record(self) -> IMTProject:
        return self.project


class UpdateForm(forms.Form):
    month = MonthField(label="Month")
    stage = forms.ChoiceField(choices=Stage.choices)
    rag = forms.ChoiceField(label="RAG", choices=RAG.choices)
    rag_reason = forms.CharField(
        label="Reason for the RAG",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the RAG changes from the month before.",
    )
    narrative = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 5}))


class BenefitForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Benefit
        fields = [
            "description",
            "measure",
            "baseline",
            "target",
            "realised",
            "review_date",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "review_date": DATE_WIDGET}
