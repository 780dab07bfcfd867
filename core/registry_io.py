"""Import and export of the subdistrict registry as CSV and XLSX.

The office keeps its lists of communities and schools in spreadsheets; these
functions let staff move them in and out of the admin (core/views_registry.py).

File layout, one header row then one row per record (column names are the
field names below, in any order; optional columns may be left out, and a
missing column leaves that field as it is):

* communities: ``code, name, name_en, name_zh_hant, sort_order, is_demo, grid_units``.
  ``grid_units`` lists the community's grid units in order, as
  ``code:name`` or ``code:name:English name``, separated by ``;``, e.g.
  ``01:第一网格:Grid 1;02:第二网格``. When the column is present it is the
  whole list: grid units not named are removed, an empty cell removes all.
* schools: ``code, name, name_en, name_zh_hant, kind, community, address,
  enrolment, is_demo``. ``kind`` is the stable value (``primary``) or its label
  in any site language (小学, Primary school); ``community`` is the
  community's code (or its Chinese name); ``is_demo`` is 1/0 (yes/no, 是/否).

Rows are matched on ``code``: a known code updates that row, a new one creates
it. Every row goes through a Django form. Reading the file, the dry run, the
report of errors by row number and saving all rows or none are the shared
importer's (core/importing.py).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import SchoolKind
from core.importing import Importer, Row, RowError, YesNoField, choice_aliases
from core.models import Community, GridUnit, School
from core.models.registry import code_validator

# ---------------------------------------------------------------- form fields


class SchoolKindField(forms.ChoiceField):
    """A school kind given as its value or as its label in any site language."""

    def __init__(self, **kwargs):
        super().__init__(choices=SchoolKind.choices, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip()
        return choice_aliases(SchoolKind).get(text.lower(), text)


class CommunityField(forms.Field):
    """A community named by its code or, failing that, by its Chinese name.

    Looked up in a dict loaded once per import, not one query per row.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.communities: dict[str, Community] = {}

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        community = self.communities.get(text)
        if community is None:
            raise ValidationError(
                gettext_lazy("No community has the code “%(value)s”."),
                code="invalid_choice",
                params={"value": text},
            )
        return community


# ---------------------------------------------------------------- row forms


class RowForm(forms.ModelForm):
    """One spreadsheet row. Uniqueness is checked by RegistryImporter.parse_row against
    names loaded once, instead of two queries per row."""

    def __init__(self, *args, context=None, data_columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context or {}
        self.data_columns = set(data_columns)

    def validate_unique(self):
        pass


class CommunityRowForm(RowForm):
    sort_order = forms.IntegerField(required=False)
    is_demo = YesNoField(required=False)
    grid_units = forms.CharField(required=False)

    class Meta:
        model = Community
        fields = ["code", "name", "name_en", "name_zh_hant", "sort_order", "is_demo"]

    def clean_sort_order(self):
        value = self.cleaned_data["sort_order"]
        return self.instance.sort_order if value is None else value

    def clean_grid_units(self):
        """``code:name[:English name];...`` → [(code, name, name_en), ...]."""
        units, seen = [], set()
        code_field = GridUnit._meta.get_field("code")
        name_field = GridUnit._meta.get_field("name")
        name_en_field = GridUnit._meta.get_field("name_en")
        for item in self.cleaned_data["grid_units"].split(";"):
            item = item.strip()
            if not item:
                continue
            parts = [part.strip() for part in item.split(":", 2)]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise ValidationError(
                    _("“%(item)s” is not “code:name”.") % {"item": item}, code="invalid"
                )
            code, name = parts[0], parts[1]
            name_en = parts[2] if len(parts) == 3 else ""
            try:
                code_validator(code)
            except ValidationError as error:
                raise ValidationError(f"{code}: {error.messages[0]}", code="invalid") from error
            if code in seen:
                raise ValidationError(
                    _("Grid unit code “%(code)s” is listed twice.") % {"code": code}, code="duplicate"
                )
            for model_field, text in ((code_field, code), (name_field, name), (name_en_field, name_en)):
                if len(text) > model_field.max_length:
                    raise ValidationError(
                        _("“%(text)s” is longer than %(limit)d characters.")
                        % {"text": text, "limit": model_field.max_length},
                        code="max_length",
                    )
            seen.add(code)
            units.append((code, name, name_en))
        return units


class SchoolRowForm(RowForm):
    kind = SchoolKindField()
    community = CommunityField()
    is_demo = YesNoField(required=False)

    class Meta:
        model = School
        fields = ["code", "name", "name_en", "name_zh_hant", "kind", "community", "address",
                  "enrolment", "is_demo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].communities = self.context.get("communities", {})

    def _get_validation_exclusions(self):
        # CommunityField has found the community among the loaded rows; the
        # model's own check would ask the database again for every row.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("community")
        return exclusions


# ---------------------------------------------------------------- importers


class RegistryImporter(Importer):
    """A registry list: rows matched on ``code``, each row checked by a model form."""

    model = None
    form_class = None
    required = ["code", "name"]
    unknown_columns_are_errors = True

    def queryset(self):
        return self.model.objects.all()

    def context(self) -> dict:
        """What the row forms look up, loaded once per import."""
        return {}

    def values(self, instance) -> list:
        """One export row: str, int or None per column."""
        raise NotImplementedError

    def values_after(self, form) -> list:
        return self.values(form.instance)

    def export_rows(self) -> list[list]:
        return [self.values(instance) for instance in self.queryset()]

    def prepare(self):
        self.existing = {obj.code: obj for obj in self.queryset()}
        # name → code of the row holding it, kept up to date as rows are read, so
        # two rows (or a row and the database) cannot end up with one name.
        self.name_holders = {obj.name: obj.code for obj in self.existing.values()}
        self.lookups = self.context()
        self.first_row_of_code: dict[str, int] = {}

    def parse_row(self, row: Row):
        code = row.values["code"]
        if code in self.first_row_of_code:
            row.error("code", _("The code “%(code)s” is already used in row %(row)d.")
                      % {"code": code, "row": self.first_row_of_code[code]})
            return None
        if code:
            self.first_row_of_code[code] = row.number
        instance = self.existing.get(code)
        before = self.values(instance) if instance is not None else None
        old_name = instance.name if instance is not None else None  # the form writes the new one on it
        # Columns the file leaves out keep their current values.
        data = {column: "" if value is None else str(value)
                for column, value in zip(self.columns, before or [], strict=False)}
        data.update((column, row.values[column]) for column in row.present)
        form = self.form_class(data=data, instance=instance, context=self.lookups, data_columns=row.present)
        form.row_number = row.number
        if not form.is_valid():
            row.form_errors(form)
            return None
        name = form.cleaned_data["name"]
        holder = self.name_holders.get(name)
        if holder is not None and holder != code:
            row.error("name", _("The name “%(name)s” is already used by code “%(code)s”.")
                      % {"name": name, "code": holder})
            return None
        if old_name is not None and old_name != name:
            self.name_holders.pop(old_name, None)
        self.name_holders[name] = code
        if before is not None and self.values_after(form) == before:
            return None
        return form, instance is None

    def save(self, items) -> list[RowError]:
        """Save validated rows in bulk; return the rows the database refused."""
        new = [form.instance for form in items if form.instance.pk is None]
        self.model.objects.bulk_create(new)
        new_ids = {id(instance) for instance in new}
        for form in items:
            if id(form.instance) not in new_ids:
                form.instance.save()
        return []


class CommunityImporter(RegistryImporter):
    name = "communities"
    model = Community
    form_class = CommunityRowForm
    columns = ["code", "name", "name_en", "name_zh_hant", "sort_order", "is_demo", "grid_units"]

    def queryset(self):
        return Community.objects.prefetch_related("grid_units")

    def values(self, instance, grid_units=None) -> list:
        if grid_units is None:
            grid_units = [(unit.code, unit.name, unit.name_en) for unit in instance.grid_units.all()]
        return [
            instance.code, instance.name, instance.name_en, instance.name_zh_hant,
            instance.sort_order, int(instance.is_demo), format_grid_units(grid_units),
        ]

    def values_after(self, form) -> list:
        if "grid_units" not in form.data_columns:
            return self.values(form.instance)
        return self.values(form.instance, grid_units=form.cleaned_data["grid_units"])

    def save(self, items) -> list[RowError]:
        existing_units = {
            form.instance.pk: list(form.instance.grid_units.all())
            for form in items if form.instance.pk is not None
        }
        super().save(items)
        errors, to_create, to_update = [], [], []
        for form in items:
            if "grid_units" not in form.data_columns:
                continue
            community = form.instance
            # Update in place rather than replace: other apps' rows point at grid units.
            current = {unit.code: unit for unit in existing_units.get(community.pk, [])}
            wanted = form.cleaned_data["grid_units"]
            for position, (code, name, name_en) in enumerate(wanted):
                unit = current.pop(code, None)
                if unit is None:
                    to_create.append(GridUnit(community=community, code=code, name=name, name_en=name_en,
                                              sort_order=position))
                elif (unit.name, unit.name_en, unit.sort_order) != (name, name_en, position):
                    unit.name, unit.name_en, unit.sort_order = name, name_en, position
                    to_update.append(unit)
            if current:
                try:
                    GridUnit.objects.filter(pk__in=[unit.pk for unit in current.values()]).delete()
                except ProtectedError:
                    errors.append(RowError(form.row_number, "grid_units", _(
                        "Grid units %(codes)s are still used elsewhere and cannot be removed."
                    ) % {"codes": ", ".join(sorted(current))}))
                    continue
        GridUnit.objects.bulk_update(to_update, ["name", "name_en", "sort_order"])
        GridUnit.objects.bulk_create(to_create)
        return errors


class SchoolImporter(RegistryImporter):
    name = "schools"
    model = School
    form_class = SchoolRowForm
    columns = ["code", "name", "name_en", "name_zh_hant", "kind", "community", "address",
               "enrolment", "is_demo"]

    def queryset(self):
        return School.objects.select_related("community")

    def context(self) -> dict:
        communities = {}
        for community in Community.objects.all():
            communities.setdefault(community.name, community)
        # A code wins over a name that happens to look like one.
        communities.update({community.code: community for community in communities.copy().values()})
        return {"communities": communities}

    def values(self, instance) -> list:
        return [
            instance.code, instance.name, instance.name_en, instance.name_zh_hant, instance.kind,
            instance.community.code if instance.community_id else "", instance.address,
            instance.enrolment, int(instance.is_demo),
        ]


RESOURCES: dict[str, type[RegistryImporter]] = {
    importer.name: importer for importer in (CommunityImporter, SchoolImporter)
}


def format_grid_units(units) -> str:
    return ";".join(f"{code}:{name}:{name_en}" if name_en else f"{code}:{name}"
                    for code, name, name_en in units)
