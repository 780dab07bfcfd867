"""A list of choices in one JSON column, edited as checkboxes.

Channels and audiences are short fixed lists that belong to the page (and
are synchronised to its translations with it), so a join table per list
would add two queries to every campaign page for nothing.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    def __init__(self, *args, item_choices=None, **kwargs):
        # Not passed on to migrations: the choices live in choices.py.
        self.item_choices = item_choices
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in (self.item_choices or [])}
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise ValidationError(_("Unknown choice: %(value)s"), params={"value": ", ".join(map(str, unknown))})

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices or [],
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def labels(self, value) -> list[str]:
        names = dict(self.item_choices or [])
        return [str(names[item]) for item in value or [] if item in names]
