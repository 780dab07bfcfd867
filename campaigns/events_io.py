"""Import an event list from a spreadsheet (CSV or XLSX), typically last year's,
moved to this year's dates, to plan the new campaign from it.

Columns (header row, any order; names as below): ``title, title_en, start,
end, venue_type, venue_name, venue_name_en, venue_address, venue_address_en,
organiser, expected_audience, public, school, community``. ``venue_type`` is the stable value (``school``)
or its label in any site language (进学校, 学校, Schools); ``school`` and
``community`` are registry codes; ``public`` is 1/0 (是/否). Every row goes
through a form; reading the file, the dry run, the report of errors by row
number and saving all rows or none are the shared importer's
(core/importing.py).
"""

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.choices import VenueType
from campaigns.models import Event
from core.importing import Importer, Row, YesNoField, choice_aliases
from core.models import Community, School


class VenueTypeField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value).strip().lower()
        aliases = choice_aliases(VenueType)
        # The labels say "进学校" (into schools); a list may say just "学校".
        aliases |= {alias.removeprefix("进").removeprefix("進"): choice for alias, choice in aliases.items()}
        found = aliases.get(text)
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


class EventImporter(Importer):
    """Every row a new event of ``campaign``, moved to ``to_year`` when one is given."""

    name = "events"
    columns = ["title", "title_en", "start", "end", "venue_type", "venue_name", "venue_name_en", "venue_address",
               "venue_address_en", "organiser", "expected_audience", "public", "school", "community"]
    required = ["title", "start", "end", "venue_type", "venue_name", "organiser"]

    def __init__(self, campaign=None, to_year: int | None = None):
        self.campaign, self.to_year = campaign, to_year

    def parse_row(self, row: Row):
        data = {**row.values, "public": row.values["public"] or "1"}
        form = EventRowForm(data)
        if not form.is_valid():
            row.form_errors(form)
            return None
        event = form.save(commit=False)
        event.is_public = form.cleaned_data["public"]
        event.campaign = self.campaign
        if self.to_year:
            shift = relativedelta(years=self.to_year - event.start.year)
            event.start, event.end = event.start + shift, event.end + shift
        return event, True

    def save(self, items) -> list:
        for event in items:
            event.save()
        return []
