"""Form fields and form helpers every app shares."""

from collections.abc import Callable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from .concurrency import EditConflict
from .periods import Month, MonthOutOfRange

MONTH_HINT = "For example, 2018-09"


class MonthField(forms.CharField):
    """A month typed as YYYY-MM; cleans to a `Month`."""

    default_error_messages = {"required": f"Enter a month. {MONTH_HINT}"}

    def __init__(self, *, help_text=MONTH_HINT, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "class": "govuk-input--width-10",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(help_text=help_text, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, date):
            return str(Month.from_date(value))
        return "" if value is None else str(value)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return Month.parse(text)
        except MonthOutOfRange as error:
            raise ValidationError(f"{error}.") from None
        except ValueError:
            raise ValidationError(f"Enter the month as YYYY-MM. {MONTH_HINT}") from None


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names (others at the top)."""
    if isinstance(error, EditConflict):
        form.show_conflict(error)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_saved(form: forms.Form, save: Callable[[dict], object]) -> bool:
    """Whether a bound form was valid and `save` (a service call given the cleaned data)
    accepted it; a service's refusal is shown on the form as `add_service_errors` does."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
