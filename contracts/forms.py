from django import forms

from core.concurrency import VersionedFormMixin

from .models import Contract, Supplier
from .permissions import is_administrator


class ContractForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "title",
            "authority",
            "supplier",
            "status",
            "start_date",
            "end_date",
            "annual_value",
            "description",
            "return_deadline_working_days",
            "auto_close_months",
            "separate_duties",
        ]
        widgets = {
            "start_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "end_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A manager picks among the suppliers of contracts they are a member of; a new
        # supplier is added by an administrator.
        self.fields["supplier"].queryset = Supplier.objects.visible_to(user)
        if not is_administrator(user):
            # A manager who could switch it off could approve their own figures.
            duties = self.fields["separate_duties"]
            duties.disabled = True
            duties.help_text += " Only an administrator changes this."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return cleaned
