"""Models' `get_FOO_display`, each field's choices read into a dict once.

Django's `Model._get_FIELD_display` builds a dict of the field's (flattened) choices at
every call, which costs eight times the look-up itself; pages call it for each unit,
polarity and state they show (a monthly return some 200 times). Fields whose choices
are a fixed list keep their dict; callable choices are read afresh, as Django does.
Labels are turned into text at each call, so lazy ones follow the active language.
"""

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_DJANGOS = models.Model._get_FIELD_display
_choices_by_field: dict[models.Field, dict] = {}


def _choices(field: models.Field) -> dict:
    choices = _choices_by_field.get(field)
    if choices is None:
        choices = dict(make_hashable(field.flatchoices))
        if isinstance(field.choices, (list, tuple)):
            _choices_by_field[field] = choices
    return choices


def choice_label(instance: models.Model, field: models.Field):
    """As `Model._get_FIELD_display`: the label of the instance's value, or the value."""
    value = getattr(instance, field.attname)
    return force_str(_choices(field).get(make_hashable(value), value), strings_only=True)


def remember_choice_labels() -> None:
    """Installed once, from `CoreConfig.ready`: every loaded model's `get_FOO_display`
    that Django made (a model's own method of that name is left alone). Django binds
    them as models load, so they are replaced on each model."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is _DJANGOS:
                setattr(model, name, partialmethod(choice_label, field=field))
