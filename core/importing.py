"""One spreadsheet importer for every app: read the file, check every row, save all rows or none.

An app subclasses ``Importer`` and declares only what is its own: ``columns``
(the header names, in export order), ``required`` columns, ``parse_row``
(one row's cells → what to save, or errors by column), ``save`` and, for the
export, ``export_rows``. Everything else is here, the same for the
subdistrict registry (core/registry_io.py), the question bank
(quizzes/bank_io.py) and the event list (campaigns/events_io.py):

- the file: CSV (UTF-8, or GB18030 as Excel on Chinese Windows saves it) or
  XLSX, at most MAX_UPLOAD_BYTES and MAX_ROWS rows, one header row; a cell
  that an export escaped against formulas (core/spreadsheet.py) reads back
  as it was typed;
- the report: every error with its spreadsheet row number (the header is
  row 1) and column, in the language of the request;
- the dry run: every row checked and counted, nothing saved;
- the save: one transaction, so a row the database refuses undoes the rest.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheet import Workbook, csv_bytes, unescape

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TRUE_WORDS = {"1", "true", "yes", "y", "t", "是", "√", "✓"}
FALSE_WORDS = {"", "0", "false", "no", "n", "f", "否", "×"}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 for the file as a whole
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

    def summary(self) -> str:
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.dry_run:
            return _("Dry run, nothing saved: %(created)d would be created, %(updated)d updated, "
                     "%(unchanged)d unchanged.") % counts
        return _("Import done: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % counts


@dataclass
class Row:
    """One data row as ``parse_row`` sees it."""

    number: int
    values: dict[str, str]  # every declared column; "" where the file has none
    present: frozenset[str]  # the columns the file has
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def form_errors(self, form: forms.BaseForm) -> None:
        for column, errors in form.errors.as_data().items():
            for error in errors:
                for message in error.messages:
                    self.error("" if column == "__all__" else column, message)


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


def choice_aliases(choices) -> dict[str, str]:
    """A cell naming a choice by its value or by its label in any site language, lower-cased → the value."""
    aliases = {}
    for value, label in choices.choices:
        aliases[value.lower()] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                aliases[str(label).strip().lower()] = value
    return aliases


class ImportForm(forms.Form):
    """The upload every import page shows; an app adds fields of its own by subclassing."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV or XLSX, at most 2 MB and 5,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Check the file and show what would change, without saving anything."),
    )


class Importer:
    """What one kind of spreadsheet is; an instance serves one import or export."""

    name = ""  # the sheet's name and the start of the exported file's name
    columns: list[str] = []
    required: list[str] = []
    # The registry refuses a column it does not know, so a misspelt one is not silently ignored;
    # the bank and the event list take files with notes columns of their own.
    unknown_columns_are_errors = False

    # ---------------------------------------------------------------- what an app declares

    def prepare(self) -> None:
        """Load what the rows look up, once per import rather than once per row."""

    def parse_row(self, row: Row):
        """``(what save() gets, whether it is new)``, or None when the row changes nothing.

        Errors go to ``row.error(column, message)``; a row with errors is not saved.
        """
        raise NotImplementedError

    def save(self, items: list) -> list[RowError]:
        """Save the checked rows (inside the import's transaction); return what the database refused."""
        raise NotImplementedError

    def export_rows(self) -> list[list]:
        """One list of str, int or None per record, in ``columns`` order."""
        raise NotImplementedError

    # ---------------------------------------------------------------- import

    def check_header(self, header: list[str]) -> list[RowError]:
        errors = []
        if self.unknown_columns_are_errors:
            expected = _("Unknown column. Expected: %(columns)s") % {"columns": ", ".join(self.columns)}
            errors += [RowError(1, column, expected) for column in header if column and column not in self.columns]
        errors += [RowError(1, column, _("This column is missing.")) for column in self.required
                   if column not in header]
        return errors

    def import_file(self, uploaded_file, dry_run: bool = False) -> ImportResult:
        """Check every row, then save them all in one transaction, or none if any row fails.

        Raises ImportFileError for a file that is not a readable spreadsheet.
        """
        header, body = read_table(uploaded_file)
        result = ImportResult(dry_run=dry_run)
        result.errors = self.check_header(header)
        if result.errors:
            return result
        self.prepare()
        to_save, created = [], 0
        for number, cells in body:
            values = dict.fromkeys(self.columns, "")
            values.update((column, cells[i] if i < len(cells) else "") for i, column in enumerate(header) if column)
            row = Row(number, values, frozenset(column for column in header if column))
            outcome = self.parse_row(row)
            result.errors += row.errors
            if row.errors:
                continue
            if outcome is None:
                result.unchanged += 1
                continue
            item, is_new = outcome
            to_save.append(item)
            created += is_new
        if result.errors:
            result.unchanged = 0
            return result
        result.created, result.updated = created, len(to_save) - created
        if dry_run or not to_save:
            return result
        try:
            with transaction.atomic():
                result.errors = self.save(to_save)
                if result.errors:
                    transaction.set_rollback(True)
        except IntegrityError as error:
            # Only a change made by someone else during the import gets here.
            result.errors = [RowError(0, "", _("The file could not be saved: %(error)s") % {"error": error})]
        if result.errors:
            result.created = result.updated = result.unchanged = 0
        return result

    # ---------------------------------------------------------------- export

    def export_csv(self) -> bytes:
        return csv_bytes([self.columns, *self.export_rows()])

    def export_xlsx(self) -> bytes:
        out = io.BytesIO()
        workbook = Workbook(out)
        sheet = workbook.add_worksheet(self.name)
        bold = workbook.add_format({"bold": True})
        text = workbook.add_format({"num_format": "@"})
        workbook.write_row(sheet, 0, self.columns, bold)
        sheet.freeze_panes(1, 0)
        for row_index, row in enumerate(self.export_rows(), start=1):
            for column_index, value in enumerate(row):
                # Text cells are formatted as text: a code "007" edited in Excel would otherwise become 7.
                workbook.write(sheet, row_index, column_index, value, None if isinstance(value, int) else text)
        sheet.set_column(0, len(self.columns) - 1, 18)
        workbook.close()
        return out.getvalue()

    def export_response(self, file_format: str) -> HttpResponse:
        content = self.export_csv() if file_format == "csv" else self.export_xlsx()
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
        filename = f"{self.name}-{timezone.localdate():%Y%m%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


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
