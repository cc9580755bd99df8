"""Forms for defining KPIs, their targets and mitigations, and reviewing figures.

The monthly return, one row per KPI, is in `return_form.py`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from core import widgets
from core.concurrency import VersionedFormMixin
from core.forms import MONTH_HINT, MonthField
from core.periods import Month

from .choices import Polarity, Unit
from .models import KPI, KPIFigure, Mitigation
from .selectors import kpi_code_taken
from .values import MAX_DECIMAL_PLACES, InvalidValue, format_value, parse_value


def decimal_input() -> forms.TextInput:
    return widgets.TextInput(
        attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "autocomplete": "off"}
    )


def value_field(kpi: KPI, **kwargs) -> forms.CharField:
    """A KPI value as people type it: a yes/no choice, or a number (inputmode decimal)."""
    return forms.CharField(widget=value_widget(yes_no=kpi.is_yes_no), **kwargs)


def value_widget(*, yes_no: bool) -> forms.Widget:
    if yes_no:
        return widgets.Select(choices=[("", "Not entered"), ("yes", "Yes"), ("no", "No")])
    return decimal_input()


class MonthChoiceForm(forms.Form):
    month = MonthField(label="Open the return for another month")


# KPI definitions --------------------------------------------------------------------


class KPIForm(VersionedFormMixin, forms.ModelForm):
    live_from = MonthField(
        label="Live from", help_text=f"The first month it is reported. {MONTH_HINT}"
    )
    retired_from = MonthField(
        label="Retired from",
        required=False,
        help_text=f"The first month it is no longer reported; empty while in use. {MONTH_HINT}",
    )

    class Meta:
        model = KPI
        fields = [
            "code",
            "name",
            "description",
            "service_area",
            "unit",
            "polarity",
            "frequency",
            "contractual",
            "published",
            "min_value",
            "max_value",
            "decimal_places",
            "live_from",
            "retired_from",
        ]
        labels = {
            "min_value": "Lowest value allowed",
            "max_value": "Highest value allowed",
            "contractual": "Contractual KPI",
        }
        help_texts = {
            "min_value": "Percent: 0 unless set. Leave empty for no limit.",
            "max_value": "Percent: 100 unless set. Leave empty for no limit.",
        }
        widgets = {
            "code": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "min_value": decimal_input(),
            "max_value": decimal_input(),
            "decimal_places": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}
            ),
        }

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = self.instance.contract = contract
        self.fields["service_area"].queryset = contract.service_areas.all()
        self.fields["service_area"].empty_label = "Choose a service area"
        self.fields["unit"].choices = [("", "Choose a unit"), *Unit.choices]
        self.fields["decimal_places"].validators.append(MaxValueValidator(MAX_DECIMAL_PLACES))
        if self.instance.pk:
            # The code is part of the KPI's address, which people bookmark.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "The code is part of the KPI's address: it stays."

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if kpi_code_taken(self.contract, code, exclude_pk=self.instance.pk):
            raise ValidationError(f"{code} is already a KPI of this contract.")
        return code

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", "The highest value must not be below the lowest.")
        live, retired = cleaned.get("live_from"), cleaned.get("retired_from")
        if live and retired and retired <= live:
            self.add_error("retired_from", "It must retire after the month it goes live.")
        for name in ("live_from", "retired_from"):
            if isinstance(cleaned.get(name), Month):
                cleaned[name] = cleaned[name].first_day
        return cleaned


class TargetForm(forms.Form):
    effective_from = MonthField(
        label="Takes effect from",
        help_text=f"The first month judged against this version. {MONTH_HINT}",
    )
    target = forms.CharField(label="Target service level", required=False, widget=decimal_input())
    minimum = forms.CharField(label="Minimum service level", required=False, widget=decimal_input())
    variation_reference = forms.CharField(
        label="Contract variation reference", required=False, max_length=100
    )

    def __init__(self, *args, kpi: KPI, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        better = "at or above" if kpi.polarity == Polarity.HIGHER else "at or below"
        self.fields[
            "target"
        ].help_text = (
            f"A value {better} the target is green. Empty: no target (recorded, not judged)."
        )
        self.fields[
            "minimum"
        ].help_text = "On the worse side of the target: between the two is amber, beyond it red."
        closed = kpi.contract.closed_month
        self.fields["variation_reference"].help_text = (
            f"Needed when the version takes effect in a closed month ({closed.label} or earlier)."
            if closed
            else "Needed when the version takes effect in a closed month."
        )
        if kpi.is_yes_no:
            # A yes/no KPI's target is always yes.
            del self.fields["target"], self.fields["minimum"]

    def _clean_level(self, name):
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        try:
            return parse_value(text, self.kpi)
        except InvalidValue as error:
            raise ValidationError(str(error)) from None

    def clean_target(self):
        return self._clean_level("target")

    def clean_minimum(self):
        return self._clean_level("minimum")


class MitigationForm(forms.Form):
    start = MonthField(label="First month covered")
    end = MonthField(
        label="Last month covered",
        required=False,
        help_text=f"Leave empty for relief until it is ended. {MONTH_HINT}",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the failures are excused, for example two systems are not integrated.",
    )
    agreed_by = forms.CharField(
        label="Agreed by", max_length=200, help_text="For example, Partnership Board."
    )
    agreed_on = forms.DateField(label="Agreed on", widget=forms.DateInput(attrs={"type": "date"}))


class MitigationEndForm(VersionedFormMixin, forms.Form):
    end = MonthField(
        label="Last month covered", help_text=f"The mitigation covers no later month. {MONTH_HINT}"
    )

    def __init__(self, *args, mitigation: Mitigation, **kwargs):
        self.mitigation = mitigation
        super().__init__(*args, **kwargs)

    def versioned_record(self) -> Mitigation:
        return self.mitigation


# Reviewing figures ------------------------------------------------------------------


class ReturnFigureForm(forms.Form):
    comment = forms.CharField(
        label="Why is it returned?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The officer sees this next to the figure.",
    )


class CorrectFigureForm(forms.Form):
    commentary = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the figure's history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, figure: KPIFigure, **kwargs):
        initial = {
            "value": format_value(figure.value, figure.kpi),
            "commentary": figure.commentary,
            "version": figure.version,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.figure = figure
        self.fields = {"value": value_field(figure.kpi, label="Value"), **self.fields}

    def clean_value(self):
        try:
            return parse_value(self.cleaned_data["value"], self.figure.kpi)
        except InvalidValue as error:
            raise ValidationError(str(error)) from None

    def clean_version(self):
        figure = self.figure
        if self.cleaned_data["version"] != figure.version:
            # Carry the current version, so that saving again after checking succeeds.
            self.data = self.data.copy()
            self.data["version"] = figure.version
            raise ValidationError(
                "Someone else changed this figure since you opened this page: its value is "
                f"now {format_value(figure.value, figure.kpi)}. Check and save again."
            )
        return self.cleaned_data["version"]


# Spreadsheet uploads ----------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An Excel workbook (.xlsx) or a CSV file (UTF-8, comma or semicolon "
        "separated), at most {size}.",
        error_messages={"required": "Choose a spreadsheet to upload"},
    )

    def __init__(self, *args, max_size_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(size=max_size_label)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
