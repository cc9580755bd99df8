"""Optimistic locking for the records people edit: when two people open the same record
and both save, the second save must not silently replace the first.

A record's `version` goes out with its edit form in a hidden field and comes back with
the save. The save goes through only while the stored version is still the one the
person saw (a conditional UPDATE, so two saves racing each other cannot both win), and
bumps it. Otherwise nothing is saved, and the form is shown again with what the person
typed and a message saying who changed the record, and when, since they opened it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.text import capfirst

from .formatting import format_date, person_name

MAX_VERSION = 2**31 - 1  # the column's range: a larger posted number is refused, not a 500


class EditConflict(ValidationError):
    """Someone else saved the record after this person opened it."""

    def __init__(self, record, *, seen: int):
        self.record = record  # which one, when a page edits several
        stored = type(record)._base_manager.filter(pk=record.pk)
        self.current_version = stored.values_list("version", flat=True).first()
        super().__init__(conflict_message(record, seen), code="edit_conflict")


class VersionedModel(models.Model):
    """A record people edit through forms: every save bumps `version`, and saving an
    existing row succeeds only while its stored version equals the instance's."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Bumped on every save; an edit form sends back the one it showed.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise EditConflict(self, seen=self.version)
            self.version += 1
            return super().save(*args, **kwargs)


def expect_version(record: VersionedModel, version: int | None) -> None:
    """For a service given the version a form showed (None: no form was seen, as in an
    import): refuse when the record, as loaded, has moved on since."""
    if version is not None and version != record.version:
        raise EditConflict(record, seen=version)


class VersionedFormMixin:
    """The edit form of a `VersionedModel`: sends its version as a hidden field. A model
    form puts the version it got back on its instance, so that saving the instance checks
    it; any other form names the record it edits in `versioned_record()` and passes
    `cleaned_data["version"]` to its service, which calls `expect_version`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = self.versioned_record()
        if record.pk is None:
            return  # a new record: nobody else can have changed it
        stale = "This page is out of date: open it again, then make your change."
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            initial=record.version,
            min_value=1,
            max_value=MAX_VERSION,
            error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), stale),
        )

    def versioned_record(self) -> VersionedModel:
        return self.instance

    def clean(self):
        cleaned = super().clean()
        if isinstance(self, forms.ModelForm) and cleaned.get("version") is not None:
            self.instance.version = cleaned["version"]
        return cleaned

    def show_conflict(self, conflict: EditConflict) -> None:
        """Keep what the person typed, and carry the current version: saving again,
        after checking the other change, is then a deliberate choice."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = conflict.current_version
        self.add_error(None, conflict)


def conflict_message(record, seen: int) -> str:
    noun = record._meta.verbose_name
    who, details = _change_since(record, seen)
    return (
        f"{who} changed this {noun} since you opened it{details}. Your changes have not "
        f"been saved: they are shown below. Check the {noun} as it is now (open it in "
        "another tab), then save again to replace their changes with yours."
    )


def _change_since(record, seen: int) -> tuple[str, str]:
    """Who last changed the record, and when and what, from its history if it keeps one."""
    history = getattr(record, "history", None)
    latest = None
    if history is not None:
        newer = history.filter(version__gt=seen).select_related("history_user")
        latest = newer.order_by("-history_date", "-history_id").first()
    if latest is None:
        return "Someone else", ""
    user = latest.history_user
    who = person_name(user, nobody="Someone else")
    when = latest.history_date
    details = f"at {format_date(when, 'time')} on {format_date(when)}"
    fields = _fields_changed(history.filter(version=seen).first(), latest)
    if fields:
        details += f"; changed: {', '.join(fields)}"
    return who, f" ({details})"


def _fields_changed(before, after) -> list[str]:
    if before is None:
        return []
    delta = after.diff_against(before)  # editable fields: not the version
    model = after.instance_type
    return [
        capfirst(str(model._meta.get_field(change.field).verbose_name)) for change in delta.changes
    ]
