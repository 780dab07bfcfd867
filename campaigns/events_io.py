"""Import an event list from a spreadsheet (CSV or XLSX), typically last year's,
moved to this year's dates, to plan the new campaign from it.

Columns (header row, any order; names as below): ``title, title_en, start,
end, venue_type, venue_name, venue_name_en, venue_address, venue_address_en, organiser,
expected_audience, public, school, community``. ``venue_type`` is the stable value (``school``)
or its label in any site language (进学校, 学校, Schools); ``school`` and
``community`` are registry codes; ``public`` is 1/0 (是/否). Every row goes
through a form; if any row is invalid nothing is saved and each error is
reported with its spreadsheet row number (as the registry import does,
whose file reader this uses: core/registry_io.py).
"""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.choices import VenueType
from campaigns.models import Event
from core.models import Community, School
from core.registry_io import YesNoField, read_table

COLUMNS = ["title", "title_en", "start", "end", "venue_type", "venue_name", "venue_name_en", "venue_address",
           "venue_address_en", "organiser", "expected_audience", "public", "school", "community"]
REQUIRED = {"title", "start", "end", "venue_type", "venue_name", "organiser"}


def _venue_aliases() -> dict[str, str]:
    aliases = {}
    for value, label in VenueType.choices:
        aliases[value] = value
        for language in ("zh-hans", "en", "zh-hant"):
            with translation.override(language):
                text = str(label).strip().lower()
            aliases[text] = value
            aliases[text.removeprefix("进").removeprefix("進")] = value
    return aliases


class VenueTypeField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value).strip().lower()
        found = _venue_aliases().get(text)
        if found is None:
            raise ValidationError(
                _("Unknown venue type “%(value)s”: use one of %(choices)s.")
                % {"value": value, "choices": ", ".join(VenueType.values)}
            )
        return found


class CodeField(forms.CharField):
    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        code = super().to_python(value).strip()
        if not code:
            return None
        found = self.model.objects.filter(code=code).first()
        if found is None:
            raise ValidationError(_("No %(kind)s with code “%(code)s” in the registry.")
                                  % {"kind": self.model._meta.verbose_name, "code": code})
        return found


class EventRowForm(forms.ModelForm):
    venue_type = VenueTypeField()
    public = YesNoField(required=False)
    school = CodeField(School)
    community = CodeField(Community)

    class Meta:
        model = Event
        fields = ["title", "title_en", "start", "end", "venue_type", "venue_name", "venue_name_en", "venue_address",
                  "venue_address_en", "organiser", "expected_audience", "school", "community"]


@dataclass
class EventImport:
    created: list = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_events(uploaded_file, campaign=None, to_year: int | None = None) -> EventImport:
    """Read, check every row, then save all rows or none."""
    result = EventImport()
    header, rows = read_table(uploaded_file)
    missing = sorted(REQUIRED - set(header))
    if missing:
        result.errors.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}))
        return result
    valid = []
    for number, cells in rows:
        data = {name: cells[header.index(name)] if name in header and header.index(name) < len(cells) else ""
                for name in COLUMNS}
        data["public"] = data["public"] or "1"
        form = EventRowForm(data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = name if name != "__all__" else ""
                result.errors.extend((number, f"{label}: {message}" if label else message) for message in messages)
            continue
        event = form.save(commit=False)
        event.is_public = form.cleaned_data["public"]
        event.campaign = campaign
        if to_year:
            shift = relativedelta(years=to_year - event.start.year)
            event.start, event.end = event.start + shift, event.end + shift
        valid.append(event)
    if result.errors:
        return result
    with transaction.atomic():
        for event in valid:
            event.save()
            result.created.append(event)
    return result
