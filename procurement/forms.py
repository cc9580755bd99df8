from django import forms

from core.concurrency import VersionedFormMixin
from core.forms import MONTH_HINT, MonthField
from kpis.models import KPI
from minutes.models import Action, Resolution

from .choices import Rating
from .models import AssessmentRating, BreachNotice, ContractDetails, Party

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ContractDetailsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ContractDetails
        fields = [
            "procurement_title",
            "value",
            "above_threshold",
            "ocid",
            "contract_notice_id",
            "contract_identifier",
            "no_metrics_rationale",
        ]
        widgets = {"no_metrics_rationale": TEXT}
        labels = {"value": "Contract value (£, including VAT)"}


class PartyForm(VersionedFormMixin, forms.ModelForm):
    """The authority or the supplier, as the notices name it; `who` ("Authority",
    "Supplier") starts each field's label, so that an error names whose field it is."""

    class Meta:
        model = Party
        fields = [
            "legal_name",
            "identifier_scheme",
            "identifier_id",
            "street_address",
            "locality",
            "postal_code",
            "country_name",
            "email",
        ]

    def __init__(self, *args, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.who = who
        for field in self.fields.values():
            if field.label:
                field.label = f"{who}: {field.label[0].lower()}{field.label[1:]}"


class AssessmentForm(forms.Form):
    start = MonthField(label="First month assessed")
    end = MonthField(
        label="Last month assessed", help_text=f"At most 12 months after the first. {MONTH_HINT}"
    )
    final = forms.BooleanField(label="Final assessment, made as the contract ends", required=False)
    notes = forms.CharField(widget=TEXT, required=False)


class RatingForm(VersionedFormMixin, forms.Form):
    value = forms.ChoiceField(label="Rating", choices=Rating.choices, widget=forms.Select)
    reason = forms.CharField(
        widget=TEXT,
        required=False,
        help_text="Required when the rating differs from the one Oversight proposed.",
    )
    explanation = forms.CharField(
        widget=TEXT, required=False, help_text="Required for the rating Other."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, rating: AssessmentRating, **kwargs):
        self.rating = rating
        super().__init__(*args, **kwargs)

    def versioned_record(self) -> AssessmentRating:
        return self.rating


class PublicationForm(VersionedFormMixin, forms.Form):
    notice_id = forms.CharField(
        label="Notice identifier",
        max_length=100,
        help_text="As the central digital platform shows it, for example 024512-2025.",
    )
    published_on = forms.DateField(label="Date published", widget=DATE)

    def __init__(self, *args, record, **kwargs):
        self.record = record
        super().__init__(*args, **kwargs)

    def versioned_record(self):
        return self.record


class BreachForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = BreachNotice
        fields = [
            "kind",
            "requirement",
            "description",
            "impact",
            "period_start",
            "period_end",
            "decision_date",
            "penalty_type",
            "penalty_amount",
            "kpis",
            "resolutions",
            "actions",
        ]
        widgets = {
            "requirement": TEXT,
            "description": TEXT,
            "impact": TEXT,
            "period_start": DATE,
            "period_end": DATE,
            "decision_date": DATE,
            "kpis": forms.CheckboxSelectMultiple,
            "resolutions": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
        }
        labels = {"penalty_amount": "Amount (£)"}

    def __init__(self, *args, contract, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpis"].queryset = KPI.objects.for_contract(contract).order_by("code")
        # Only what the person may see: a resolution of this contract's item may name a
        # KPI of another contract.
        self.fields["resolutions"].queryset = (
            Resolution.objects.visible_to(user)
            .filter(agenda_item__contract=contract)
            .select_related("agenda_item__meeting__board")
        )
        self.fields["resolutions"].label_from_instance = _resolution_label
        self.fields["actions"].queryset = (
            Action.objects.visible_to(user).for_contract(contract).select_related("agenda_item")
        )


def _resolution_label(resolution) -> str:
    item = resolution.agenda_item
    return f"{item.meeting}, item {item.number}: {resolution}"
