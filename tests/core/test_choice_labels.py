"""`get_FOO_display` answers as Django's own, with each field's choices read once."""

from django.apps import apps
from django.core.exceptions import ValidationError

from core.choice_labels import _DJANGOS
from kpis.choices import FigureState, Unit
from kpis.models import KPI, KPIFigure


def test_every_label_is_djangos():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if not field.choices or not hasattr(model, f"get_{field.name}_display"):
                continue
            for value in [*(v for v, _label in field.flatchoices), "not-a-choice", None]:
                instance = model()
                try:
                    setattr(instance, field.attname, value)
                except ValidationError:  # a field that refuses the value (a time zone's)
                    continue
                shown = getattr(instance, f"get_{field.name}_display")()
                assert shown == _DJANGOS(instance, field), (model, field.name, value)


def test_labels_follow_the_value():
    figure = KPIFigure(state=FigureState.DRAFT)
    assert figure.get_state_display() == "Draft"
    figure.state = FigureState.APPROVED
    assert figure.get_state_display() == FigureState.APPROVED.label
    assert KPI(unit=Unit.PERCENT).get_unit_display() == Unit.PERCENT.label
