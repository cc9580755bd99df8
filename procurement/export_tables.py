"""The ratings of an assessment as its readable notice and its CSV show them."""

import django_tables2 as tables

from core.tables import TagColumn
from kpis.display import display_kpi_value

from .choices import RATING_COLOURS
from .ocds import rating_notes, target_in_force


class NoticeRatingTable(tables.Table):
    code = tables.Column(accessor="kpi__code", verbose_name="KPI")
    name = tables.Column(accessor="kpi__name", verbose_name="Name")
    target = tables.Column(accessor="pk", verbose_name="Target")
    rating = TagColumn(colour="rating_colour", verbose_name="Rating")
    proposed = TagColumn(
        colour=lambda record: RATING_COLOURS[record.proposed],
        verbose_name="Proposed by Oversight",
    )
    green = tables.Column(verbose_name="Green")
    amber = tables.Column(verbose_name="Amber")
    red = tables.Column(verbose_name="Red")
    missing = tables.Column(verbose_name="Missing")
    mitigated = tables.Column(verbose_name="In mitigation")
    notes = tables.Column(accessor="pk", verbose_name="Notes")

    class Meta:
        orderable = False
        empty_text = "No published KPI was assessed."

    def __init__(self, data, *, assessment, **kwargs):
        self.assessment = assessment
        self.caption = f"Ratings, {assessment.period_label}"
        super().__init__(data, **kwargs)

    def render_target(self, record):
        version = target_in_force(record.kpi, self.assessment.end_month)
        if version is None or version.target is None:
            return "No target"
        return display_kpi_value(version.target, record.kpi)

    def value_target(self, record):
        return self.render_target(record)

    def render_notes(self, record):
        return rating_notes(record) or "—"

    def value_notes(self, record):
        return rating_notes(record)
