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
it. Every row goes through a Django form; if any row is invalid nothing is
saved and every error is reported with its spreadsheet row number. CSV is
written as UTF-8 with a byte-order mark, which Excel needs to show Chinese, and
read as UTF-8 or GB18030 (what Excel on Chinese Windows saves).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import SchoolKind
from core.models import Community, GridUnit, School
from core.models.registry import code_validator
from core.spreadsheet import Workbook, csv_bytes, unescape

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FORMATS = ("csv", "xlsx")
TRUE_WORDS = {"1", "true", "yes", "y", "t", "是", "√", "✓"}
FALSE_WORDS = {"", "0", "false", "no", "n", "f", "否", "×"}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------- form fields


class YesNoField(forms.Field):
    """A boolean cell: 1/0, yes/no, true/false or 是/否 (a checkbox field would read "0" as true)."""

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValidationError(gettext_lazy("Enter 1 or 0 (yes or no)."), code="invalid")


class SchoolKindField(forms.ChoiceField):
    """A school kind given as its value or as its label in any site language."""

    def __init__(self, **kwargs):
        super().__init__(choices=SchoolKind.choices, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip()
        return _kind_aliases().get(text.lower(), text)


def _kind_aliases() -> dict[str, str]:
    aliases = {}
    for value, label in SchoolKind.choices:
        aliases[value] = value
        for language in ("zh-hans", "zh-hant", "en"):
            with translation.override(language):
                aliases[str(label).lower()] = value
    return aliases


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
    """One spreadsheet row. Uniqueness is checked by import_rows against
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


# ---------------------------------------------------------------- resources


class RegistryResource:
    """What import and export need to know about one model."""

    name = ""
    model = None
    form_class = None
    columns: list[str] = []

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

    def save_all(self, forms_to_save) -> list[RowError]:
        """Save validated rows in bulk; return the rows the database refused."""
        new = [form.instance for form in forms_to_save if form.instance.pk is None]
        self.model.objects.bulk_create(new)
        new_ids = {id(instance) for instance in new}
        for form in forms_to_save:
            if id(form.instance) not in new_ids:
                form.instance.save()
        return []


class CommunityResource(RegistryResource):
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

    def save_all(self, forms_to_save) -> list[RowError]:
        existing_units = {
            form.instance.pk: list(form.instance.grid_units.all())
            for form in forms_to_save if form.instance.pk is not None
        }
        super().save_all(forms_to_save)
        errors, to_create, to_update = [], [], []
        for form in forms_to_save:
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


class SchoolResource(RegistryResource):
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


RESOURCES: dict[str, RegistryResource] = {
    resource.name: resource for resource in (CommunityResource(), SchoolResource())
}


def format_grid_units(units) -> str:
    return ";".join(f"{code}:{name}:{name_en}" if name_en else f"{code}:{name}"
                    for code, name, name_en in units)


# ---------------------------------------------------------------- export


def export_rows(resource: RegistryResource) -> list[list]:
    return [resource.values(instance) for instance in resource.queryset()]


def export_csv(resource: RegistryResource) -> bytes:
    return csv_bytes([resource.columns, *export_rows(resource)])


def export_xlsx(resource: RegistryResource) -> bytes:
    out = io.BytesIO()
    workbook = Workbook(out)
    sheet = workbook.add_worksheet(resource.name)
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    workbook.write_row(sheet, 0, resource.columns, bold)
    sheet.freeze_panes(1, 0)
    for row_index, row in enumerate(export_rows(resource), start=1):
        for column_index, value in enumerate(row):
            # Text cells are formatted as text: a code "007" edited in Excel would otherwise become 7.
            workbook.write(sheet, row_index, column_index, value, None if isinstance(value, int) else text)
    sheet.set_column(0, len(resource.columns) - 1, 18)
    workbook.close()
    return out.getvalue()


# ---------------------------------------------------------------- reading files


def read_table(uploaded_file) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty data rows (with their spreadsheet row numbers) of an upload.

    Raises ImportFileError for anything that is not a CSV or XLSX file of at
    most MAX_UPLOAD_BYTES and MAX_ROWS rows.
    """
    filename = (getattr(uploaded_file, "name", "") or "").lower()
    extension = filename.rsplit(".", 1)[-1] if "." in filename else ""
    if extension not in FORMATS:
        raise ImportFileError(_("Only CSV and XLSX files can be imported."))
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    data = uploaded_file.read()
    rows = _xlsx_rows(data) if extension == "xlsx" else _csv_rows(data)
    header, body = None, []
    for number, cells in enumerate(rows, start=1):
        cells = [_cell_text(cell) for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = [cell.lower() for cell in cells]
            continue
        body.append((number, cells))
        if len(body) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": f"{MAX_ROWS:,}"}
            )
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return header, body


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor GBK text."))
    if "\x00" in text:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor GBK text."))
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error


def _xlsx_rows(data: bytes):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Stop reading early: a sheet far over the limit is refused anyway.
        rows, filled = [], 0
        for cells in sheet.iter_rows(values_only=True):
            rows.append(cells)
            filled += any(_cell_text(cell) for cell in cells)
            if filled > MAX_ROWS + 1:  # header + one row too many
                break
        workbook.close()
        return rows
    # openpyxl raises a different exception for each way a file can be broken
    # (zip, XML, missing parts); every one means the same to the user.
    except Exception as error:  # noqa: BLE001
        raise ImportFileError(_("The file could not be read as an XLSX workbook.")) from error


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    # An exported CSV escapes "=…" as "'=…": the import reads back what was exported.
    return unescape(str(value).strip())


# ---------------------------------------------------------------- import


def import_file(resource: RegistryResource, uploaded_file, dry_run: bool = False) -> ImportResult:
    header, rows = read_table(uploaded_file)
    return import_rows(resource, header, rows, dry_run=dry_run)


def import_rows(resource: RegistryResource, header: list[str], rows, dry_run: bool = False) -> ImportResult:
    """Validate every row, then save them all in one transaction, or none if any row fails.

    A dry run validates and counts without saving.
    """
    result = ImportResult(dry_run=dry_run)
    unknown = [column for column in header if column and column not in resource.columns]
    for column in unknown:
        result.errors.append(RowError(1, column, _("Unknown column. Expected: %(columns)s")
                                      % {"columns": ", ".join(resource.columns)}))
    for column in ("code", "name"):
        if column not in header:
            result.errors.append(RowError(1, column, _("This column is missing.")))
    if result.errors:
        return result

    existing = {obj.code: obj for obj in resource.queryset()}
    # name → code of the row holding it, kept up to date as rows are read, so
    # two rows (or a row and the database) cannot end up with one name.
    name_holders = {obj.name: obj.code for obj in existing.values()}
    context = resource.context()
    first_row_of_code: dict[str, int] = {}
    to_save, created = [], 0
    for number, cells in rows:
        by_column = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(header) if column}
        code = by_column.get("code", "")
        if code in first_row_of_code:
            result.errors.append(RowError(number, "code", _("The code “%(code)s” is already used in row %(row)d.")
                                          % {"code": code, "row": first_row_of_code[code]}))
            continue
        if code:
            first_row_of_code[code] = number
        instance = existing.get(code)
        before = resource.values(instance) if instance is not None else None
        old_name = instance.name if instance is not None else None
        # Columns the file leaves out keep their current values.
        data = {column: "" if value is None else str(value)
                for column, value in zip(resource.columns, before or [], strict=False)}
        data.update(by_column)
        form = resource.form_class(data=data, instance=instance, context=context, data_columns=by_column)
        form.row_number = number
        if not form.is_valid():
            for column, errors in form.errors.as_data().items():
                for error in errors:
                    for message in error.messages:
                        result.errors.append(RowError(number, "" if column == "__all__" else column, message))
            continue
        name = form.cleaned_data["name"]
        holder = name_holders.get(name)
        if holder is not None and holder != code:
            result.errors.append(RowError(number, "name", _("The name “%(name)s” is already used by code “%(code)s”.")
                                          % {"name": name, "code": holder}))
            continue
        if old_name is not None and old_name != name:
            name_holders.pop(old_name, None)
        name_holders[name] = code
        if before is not None and resource.values_after(form) == before:
            result.unchanged += 1
            continue
        to_save.append(form)
        created += instance is None
    if result.errors:
        return result
    result.created, result.updated = created, len(to_save) - created
    if dry_run or not to_save:
        return result
    try:
        with transaction.atomic():
            result.errors = resource.save_all(to_save)
            if result.errors:
                transaction.set_rollback(True)
    except IntegrityError as error:
        # Only a change made by someone else during the import gets here.
        result.errors = [RowError(0, "", _("The file could not be saved: %(error)s") % {"error": error})]
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result
