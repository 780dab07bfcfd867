"""CSV and XLSX files that never run what people typed.

A cell starting with = + - @ (or a tab or carriage return in front of one)
is a formula to Excel and WPS: a nickname "=HYPERLINK(...)" or a question
"+86..." would run on the office's computer when the file is opened (OWASP
"CSV injection"). Every export of the site writes through this module:

- CSV: such a text gets a leading apostrophe, the escape spreadsheets know;
  ``unescape`` takes it off again when the file comes back for import.
- XLSX: text is always written as a text cell, never a formula; text that
  starts with such a sign is also marked "quote prefix", so editing the cell
  in Excel keeps it text. Numbers stay numbers (−5 is a number, not a formula).
"""

import csv
import datetime
import io
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """``value`` as a CSV writer may write it: None blank, risky text escaped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if is_risky(value) else value
    if isinstance(value, bool | int | float | Decimal):
        return value
    return csv_cell(str(value))


def unescape(text: str) -> str:
    """The text a cell of an exported CSV held before ``csv_cell`` escaped it."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class CsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_cell``."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_bytes(rows) -> bytes:
    """Rows as a UTF-8 CSV with a byte-order mark: Excel on Chinese Windows
    reads a file without one as GBK and shows garbage."""
    out = io.StringIO()
    CsvWriter(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


class Workbook:
    """An xlsxwriter workbook that writes text only as text.

    ``strings_to_formulas`` and ``strings_to_urls`` are off, so even a call
    to ``sheet.write`` cannot turn a typed text into a formula or a link;
    ``write_row`` picks the cell type from the Python value.
    """

    def __init__(self, out, constant_memory=False):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(out, {
            "in_memory": True, "constant_memory": constant_memory,
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        })
        self._quoted = {}

    def add_format(self, properties=None):
        return self.book.add_format(properties or {})

    def add_worksheet(self, name):
        return self.book.add_worksheet(name)

    def _quoted_format(self, cell_format):
        # One quote-prefix twin per format (xlsxwriter has a limit on formats, and
        # a workbook of thousands of rows would otherwise add one per cell).
        key = id(cell_format)
        if key not in self._quoted:
            properties = {"quote_prefix": True}
            if cell_format is not None:
                properties.update({"bold": cell_format.bold, "num_format": cell_format.num_format})
            self._quoted[key] = self.book.add_format(properties)
        return self._quoted[key]

    def write_row(self, sheet, row, values, cell_format=None):
        for column, value in enumerate(values):
            self.write(sheet, row, column, value, cell_format)

    def write(self, sheet, row, column, value, cell_format=None):
        if value is None or value == "":
            sheet.write_blank(row, column, None, cell_format)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, cell_format)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(row, column, value, cell_format)
        else:
            text = value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else str(value)
            sheet.write_string(row, column, text, self._quoted_format(cell_format) if is_risky(text) else cell_format)

    def close(self):
        self.book.close()
