from django import forms

from core.concurrency import VersionedFormMixin
from core.forms import MonthField
from dashboards.ranges import MAX_MONTHS

from .choices import ReportKind, SectionKind
from .models import NarrativeSection, Report
from .reports import CONTRACT_SECTIONS

POSITIONS = [("", "Not included")] + [(str(n), str(n)) for n in range(1, len(SectionKind) + 1)]


def section_field(kind: SectionKind) -> str:
    return f"section_{kind.value}"


class ReportForm(VersionedFormMixin, forms.Form):
    """A report's details, its generated sections (each given a position, or left out)
    and the months they cover. Cleans to the keyword arguments of `report_save`."""

    kind = forms.ChoiceField(label="Kind of report", choices=ReportKind.choices)
    apply_preset = forms.BooleanField(
        label="Use the sections and months this kind of report starts with",
        required=False,
        help_text="Replaces the sections and months below.",
    )
    title = forms.CharField(max_length=300)
    officer = forms.CharField(
        label="Report by", max_length=200, help_text="A role, for example Chief Commercial Officer."
    )
    purpose = forms.CharField(
        label="Purpose of the report", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One recommendation a line.",
    )
    range_start = MonthField(label="First month covered")
    range_end = MonthField(label="Last month covered")

    def __init__(self, *args, report: Report, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)
        self.about_contract = report.agenda_item.contract_id is not None
        for kind in SectionKind:
            # An item about no contract has no KPIs to report on.
            if kind in CONTRACT_SECTIONS and not self.about_contract:
                continue
            self.fields[section_field(kind)] = forms.ChoiceField(
                label=kind.label, choices=POSITIONS, required=False
            )

    def versioned_record(self):
        return self.report

    @property
    def detail_fields(self):
        names = ("kind", "apply_preset", "title", "officer", "purpose", "recommendations")
        return [self[name] for name in names]

    @property
    def section_fields(self):
        return [self[name] for name in self.fields if name.startswith("section_")]

    def clean(self):
        cleaned = super().clean()
        positions = {}
        for kind in SectionKind:
            position = cleaned.pop(section_field(kind), "")
            if not position:
                continue
            if position in positions:
                self.add_error(
                    section_field(kind),
                    f"{kind.label} and {positions[position].label} are both at position "
                    f"{position}: give each section its own position.",
                )
            positions[position] = kind
        cleaned["sections"] = [positions[p].value for p in sorted(positions, key=int)]
        start, end = cleaned.get("range_start"), cleaned.get("range_end")
        if start and end and end < start:
            self.add_error("range_end", "The last month must not be before the first month.")
        elif start and end and end.months_since(start) >= MAX_MONTHS:
            self.add_error("range_end", f"Choose at most {MAX_MONTHS} months.")
        return cleaned


def report_initial(report: Report) -> dict:
    """What the report form shows for a report: its values, each section's position."""
    initial = {
        "kind": report.kind,
        "title": report.title,
        "officer": report.officer,
        "purpose": report.purpose,
        "recommendations": report.recommendations,
        "range_start": report.range_start,
        "range_end": report.range_end,
    }
    for position, kind in enumerate(report.sections, start=1):
        initial[f"section_{kind}"] = str(position)
    return initial


class NarrativeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NarrativeSection
        fields = ["heading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class DocumentForm(forms.Form):
    """A supporting document for an agenda item. Cleans to the keyword arguments of
    `document_add` (the PDF itself is checked there)."""

    title = forms.CharField(
        max_length=200, help_text="As the agenda pack lists it, for example Appendix B – Plan."
    )
    file = forms.FileField(
        label="PDF document",
        help_text="A PDF, at most {size}, not password-protected.",
        error_messages={"required": "Choose a PDF document to upload"},
    )

    def __init__(self, *args, max_size_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(size=max_size_label)
        self.fields["file"].widget.attrs["accept"] = ".pdf,application/pdf"
