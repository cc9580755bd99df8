"""The monthly return: one row per KPI, saved all or none.

Each row carries the version of the figure the person saw. Saving compares it with the
figure as it is now, under a row lock, so that a figure someone else changed meanwhile
is never overwritten silently: the whole return is refused and that row shows their value.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError

from core import widgets
from core.colours import Colour
from core.periods import Month

from .choices import FIGURE_STATE_COLOURS, FigureState
from .display import display_kpi_value
from .forms import decimal_input, value_widget
from .models import KPI, KPIFigure, KPITarget
from .selectors import figures_in_month
from .services import FigureInput, check_month_allowed, check_ratio
from .tables import describe_levels, describe_range
from .values import InvalidValue, format_number, format_value, parse_number, parse_value

POSTED_ROW = re.compile(r"^kpi-(\d+)-")


def posted_kpi_ids(data) -> set[int]:
    """The KPIs a posted return has fields for."""
    return {int(match.group(1)) for key in data if (match := POSTED_ROW.match(key))}


def _with_code(code: str, message: str) -> str:
    if code in message:
        return message
    return f"{code}: {message}"


# A return builds a form per row, some 60 a request. Django deep-copies a form's fields
# for every form, so that changing one form's fields cannot change another's; these are
# never changed once made, so every row shares them (the value field by the hint it
# shows), sparing the copies and a new value field per row.
_SHARED_FIELDS = {
    "numerator": forms.CharField(required=False, widget=decimal_input()),
    "denominator": forms.CharField(required=False, widget=decimal_input()),
    # Commentary is kept exactly as written (an import may have kept spaces or lines).
    "commentary": forms.CharField(
        required=False, strip=False, widget=widgets.Textarea(attrs={"rows": 3})
    ),
    "version": forms.IntegerField(required=False, min_value=0, widget=widgets.HiddenInput),
}


@lru_cache(maxsize=256)
def _shared_value_field(yes_no: bool, hint: str) -> forms.CharField:
    widget = value_widget(yes_no=yes_no)
    return forms.CharField(widget=widget, label="Value", required=False, help_text=hint)


def _value_field(kpi: KPI) -> forms.CharField:
    hint = "" if kpi.is_yes_no else f"{kpi.get_unit_display()}, {describe_range(kpi)}"
    return _shared_value_field(kpi.is_yes_no, hint)


class FigureRowForm(forms.Form):
    """One row of the return: value, numerator, denominator, commentary and the version
    of the figure the person saw. Its fields are shared (`_SHARED_FIELDS`)."""

    def __init__(
        self,
        data=None,
        *,
        kpi: KPI,
        month: Month,
        figure: KPIFigure | None,
        today_month: Month | None = None,
    ):
        initial = {}
        if figure is not None:
            initial = {
                "value": format_value(figure.value, kpi),
                "numerator": format_number(figure.numerator),
                "denominator": format_number(figure.denominator),
                "commentary": figure.commentary,
                "version": figure.version,
            }
        super().__init__(data, prefix=f"kpi-{kpi.pk}", initial=initial)
        self.kpi, self.month, self.today_month = kpi, month, today_month
        self.fields = {"value": _value_field(kpi), **_SHARED_FIELDS}

    def clean_value(self):
        text = self.cleaned_data["value"]
        if not text:
            return None
        try:
            return parse_value(text, self.kpi)
        except InvalidValue as error:
            raise ValidationError(_with_code(self.kpi.code, str(error))) from None

    def _clean_number(self, name):
        text = self.cleaned_data[name]
        if not text:
            return None
        try:
            return parse_number(text)
        except InvalidValue as error:
            raise ValidationError(f"{self.kpi.code} {name}: {error}") from None

    def clean_numerator(self):
        return self._clean_number("numerator")

    def clean_denominator(self):
        return self._clean_number("denominator")

    def clean(self):
        cleaned = super().clean()
        code = self.kpi.code
        if "value" in cleaned and cleaned["value"] is None:
            if cleaned.get("version") is not None:
                self.add_error("value", f"Enter a value for {code}: a saved figure stays.")
            elif self._has_other_input(cleaned):
                self.add_error("value", f"Enter a value for {code}.")
            return cleaned
        if cleaned.get("value") is not None:
            try:
                check_month_allowed(kpi=self.kpi, month=self.month, today_month=self.today_month)
            except ValidationError as error:
                self.add_error("value", [_with_code(code, m) for m in error.messages])
        try:
            check_ratio(numerator=cleaned.get("numerator"), denominator=cleaned.get("denominator"))
        except ValidationError as error:
            self.add_error("numerator", [_with_code(code, m) for m in error.messages])
        return cleaned

    @staticmethod
    def _has_other_input(cleaned) -> bool:
        numbers = (cleaned.get("numerator"), cleaned.get("denominator"))
        return any(n is not None for n in numbers) or bool(cleaned.get("commentary", "").strip())

    @property
    def is_blank(self) -> bool:
        return self.cleaned_data.get("value") is None

    @property
    def seen_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def figure_input(self, version: int | None) -> FigureInput:
        data = self.cleaned_data
        return FigureInput(
            kpi=self.kpi,
            value=data["value"],
            commentary=data["commentary"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            version=version,
        )


@dataclass
class ReturnRow:
    kpi: KPI
    figure: KPIFigure | None
    target: KPITarget | None
    form: FigureRowForm | None  # None: shown read-only

    @property
    def is_returned(self) -> bool:
        figure = self.figure
        return bool(
            figure is not None and figure.state == FigureState.DRAFT and figure.returned_comment
        )

    @property
    def levels(self) -> str:
        return describe_levels(self.target, self.kpi)

    @property
    def value_display(self) -> str:
        return display_kpi_value(self.figure.value, self.kpi) if self.figure else ""

    @property
    def state_label(self) -> str:
        if self.figure is None:
            return "Not entered"
        return "Returned" if self.is_returned else self.figure.get_state_display()

    @property
    def state_colour(self) -> Colour:
        if self.figure is None:
            return Colour.GREY
        return Colour.ORANGE if self.is_returned else FIGURE_STATE_COLOURS[self.figure.state]


class MonthlyReturnForm:
    """Rows for KPIs prepared by `with_return_data`; editable rows carry a FigureRowForm."""

    def __init__(self, data=None, *, month: Month, kpis, editable: bool):
        self.data, self.month = data, month
        # Today is read once: every row is judged against the same month (reading the
        # clock and its time zone was a tenth of validating a row).
        self.today_month = Month.containing_today()
        self.non_field_errors: list[str] = []
        self.rows = []
        for kpi in kpis:
            figure = kpi.month_figures[0] if kpi.month_figures else None
            target = kpi.targets_in_force[0] if kpi.targets_in_force else None
            form = None
            if editable and (figure is None or figure.state != FigureState.APPROVED):
                form = self._row_form(data, kpi, figure)
            elif editable and data is not None:
                self._check_still_open(kpi, figure)
            self.rows.append(ReturnRow(kpi=kpi, figure=figure, target=target, form=form))

    def _row_form(self, data, kpi: KPI, figure: KPIFigure | None) -> FigureRowForm:
        return FigureRowForm(
            data, kpi=kpi, month=self.month, figure=figure, today_month=self.today_month
        )

    def _check_still_open(self, kpi: KPI, figure: KPIFigure) -> None:
        """An approved figure's row has no fields: one posted with an older version was
        approved after the person opened the page."""
        seen = self.data.get(f"kpi-{kpi.pk}-version", "")
        if seen.isdigit() and int(seen) != figure.version:
            self.non_field_errors.append(
                f"{kpi.code} was approved by someone else since you opened this page, so it "
                "can no longer be changed here. Nothing was saved: check the other figures "
                "and save again."
            )

    @property
    def forms(self) -> list[FigureRowForm]:
        return [row.form for row in self.rows if row.form is not None]

    @property
    def groups(self):
        """(service area, rows) in order."""
        return [
            (area, list(rows)) for area, rows in groupby(self.rows, lambda r: r.kpi.service_area)
        ]

    def is_valid(self) -> bool:
        # Every row is validated, so that every error shows at once.
        results = [form.is_valid() for form in self.forms]
        return all(results) and not self.non_field_errors

    @property
    def error_list(self) -> list[tuple[str | None, str]]:
        """(field id, message) for the error summary; None: not about one field."""
        errors = [(None, message) for message in self.non_field_errors]
        for form in self.forms:
            for name, messages in form.errors.items():
                errors.extend((form[name].id_for_label, message) for message in messages)
        return errors

    def figure_inputs(self) -> list[FigureInput]:
        """Every row with a value, as the person saw it, for `services.return_save`."""
        return [form.figure_input(form.seen_version) for form in self.forms if not form.is_blank]

    def show_concurrent_changes(self) -> None:
        """After a refused save: rows whose figure changed show the figure as it is now."""
        rows = {row.kpi.pk: row for row in self.rows if row.form is not None}
        current = {f.kpi_id: f for f in figures_in_month(kpi_ids=list(rows), month=self.month)}
        for kpi_id, row in rows.items():
            figure = current.get(kpi_id)
            if (figure.version if figure else None) != row.form.seen_version:
                self._show_their_figure(row, figure)
        if not self.error_list:
            self.non_field_errors.append(
                "Someone else saved figures for this month while you were saving. Nothing "
                "was saved: check the figures and save again."
            )

    def _show_their_figure(self, row: ReturnRow, figure: KPIFigure | None) -> None:
        code, typed = row.kpi.code, row.form.data.get(row.form.add_prefix("value"), "")
        untouched = row.form.is_blank and row.form.seen_version is None
        row.figure = figure
        if figure is not None and figure.state == FigureState.APPROVED:
            row.form = None
            if not untouched:
                self.non_field_errors.append(
                    f"{code} was approved by someone else since you opened this page, so it "
                    "can no longer be changed here. Nothing was saved: check the other "
                    "figures and save again."
                )
            return
        fresh = self._row_form(None, row.kpi, figure)
        data = self.data.copy()
        for name in fresh.fields:
            data[fresh.add_prefix(name)] = fresh.initial.get(name, "")
        row.form = self._row_form(data, row.kpi, figure)
        row.form.is_valid()
        if untouched:
            return
        message = (
            f"{code} was changed by someone else since you opened this page; their value is "
            "shown — check and save again."
        )
        if typed:
            message += f" You had entered {typed}."
        row.form.add_error("value", message)
