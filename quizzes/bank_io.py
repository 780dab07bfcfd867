"""The question bank to and from a spreadsheet (CSV or XLSX), one question a row.

Columns: kind, grade_band, difficulty, tags, stem, choices, accepted_answers,
explanation, source, active, practice.

- ``choices``: the options separated by "|", each right one starting with
  "*", e.g. ``*鸦片|咖啡|茶``; true/false questions use ``*正确|错误``.
- ``accepted_answers`` (fill-in): answers separated by "|".
- ``tags``: separated by commas (, or ，).
- ``kind`` and ``grade_band`` take the value (single, junior…) or the
  Chinese or English label (单选题, 初中…).
- ``practice``: 1 for a question of the public practice (never drawn by
  class quizzes); a file without the column leaves it as it is.

A row whose stem is already in the bank updates that question (its choices
must stay as they are: students' answers point at them). If any row has an
error nothing is saved, and every error is reported with its row number.
File reading (size, rows, encodings) is core's (core/registry_io.py).
"""

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.importing import read_table
from core.spreadsheet import Workbook, csv_bytes
from quizzes.choices import GradeBand, QuestionKind
from quizzes.models import Choice, Question

COLUMNS = ["kind", "grade_band", "difficulty", "tags", "stem", "choices", "accepted_answers", "explanation",
           "source", "active", "practice"]
REQUIRED = {"kind", "grade_band", "stem", "source"}


@dataclass
class BankImportResult:
    errors: list = field(default_factory=list)  # [(row number, column, message)]
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _aliases(choices) -> dict:
    names = {}
    for value, label in choices.choices:
        names[value.lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names[str(label).lower()] = value
    # The names schools use.
    names.update({"小学": "primary", "初中": "junior", "高中": "senior", "中职": "vocational",
                  "单选": "single", "多选": "multiple", "判断": "true_false", "填空": "fill_in"})
    return names


def export_rows() -> list[list]:
    rows = []
    questions = (Question.objects.filter(locale=Locale.get_default())
                 .prefetch_related("choices", "tags").order_by("pk"))
    for q in questions:
        choices = "|".join(("*" if c.is_correct else "") + c.text for c in q.choices.all())
        rows.append([q.kind, q.grade_band, q.difficulty, ",".join(sorted(t.name for t in q.tags.all())), q.stem,
                     choices, "|".join(q.accepted_list()), q.explanation, q.source, int(q.active), int(q.practice)])
    return rows


def export_csv() -> bytes:
    return csv_bytes([COLUMNS, *export_rows()])


def export_xlsx() -> bytes:
    out = io.BytesIO()
    workbook = Workbook(out)
    sheet = workbook.add_worksheet("questions")
    workbook.write_row(sheet, 0, COLUMNS, workbook.add_format({"bold": True}))
    for index, row in enumerate(export_rows(), start=1):
        workbook.write_row(sheet, index, row)
    workbook.close()
    return out.getvalue()


def parse_row(values: dict, kinds: dict, bands: dict) -> tuple[dict, list]:
    """(clean fields, [(column, message)]) for one row."""
    errors = []
    kind = kinds.get(values.get("kind", "").strip().lower())
    if kind is None:
        errors.append(("kind", _("Unknown question type “%(value)s”.") % {"value": values.get("kind", "")}))
    band = bands.get(values.get("grade_band", "").strip().lower())
    if band is None:
        errors.append(("grade_band", _("Unknown grade band “%(value)s”.") % {"value": values.get("grade_band", "")}))
    difficulty_text = values.get("difficulty", "").strip() or "2"
    try:
        difficulty = int(float(difficulty_text))
        if not 1 <= difficulty <= 5:
            raise ValueError
    except ValueError:
        difficulty = None
        errors.append(("difficulty", _("Difficulty is a whole number from 1 to 5.")))
    stem = values.get("stem", "").strip()
    if not stem:
        errors.append(("stem", _("The question is empty.")))
    source = values.get("source", "").strip()
    if not source:
        errors.append(("source", _("Every question cites its source.")))
    choices = [part.strip() for part in values.get("choices", "").split("|") if part.strip()]
    parsed_choices = [(text[1:].strip(), True) if text.startswith(("*", "＊")) else (text, False) for text in choices]
    accepted = [part.strip() for part in values.get("accepted_answers", "").split("|") if part.strip()]
    right = sum(correct for _text, correct in parsed_choices)
    if kind == QuestionKind.FILL_IN:
        if not accepted:
            errors.append(("accepted_answers", _("A fill-in question needs at least one accepted answer.")))
    elif kind is not None:
        if len(parsed_choices) < 2:
            errors.append(("choices", _("Give at least two choices, separated by |.")))
        elif kind == QuestionKind.MULTIPLE and right < 1:
            errors.append(("choices", _("Mark the right choices with * at their start.")))
        elif kind != QuestionKind.MULTIPLE and right != 1:
            errors.append(("choices", _("Mark exactly one right choice with * at its start.")))
    active = values.get("active", "1").strip().lower() not in ("0", "no", "false", "否", "n")
    practice = values.get("practice", "").strip().lower()
    practice = None if not practice else practice in ("1", "yes", "true", "是", "y")
    tags = [t.strip() for t in values.get("tags", "").replace("，", ",").split(",") if t.strip()]
    return {"kind": kind, "grade_band": band, "difficulty": difficulty, "stem": stem, "source": source,
            "choices": parsed_choices, "accepted": accepted, "explanation": values.get("explanation", "").strip(),
            "active": active, "practice": practice, "tags": tags}, errors


def import_file(uploaded_file, dry_run=False) -> BankImportResult:
    """Check every row, then save all of them or none (raises ImportFileError for an unreadable file)."""
    header, body = read_table(uploaded_file)
    result = BankImportResult()
    missing = REQUIRED - set(header)
    if missing:
        result.errors.append((1, ", ".join(sorted(missing)), _("These columns are missing.")))
        return result
    kinds, bands = _aliases(QuestionKind), _aliases(GradeBand)
    locale = Locale.get_default()
    existing = {q.stem: q for q in Question.objects.filter(locale=locale).prefetch_related("choices")}
    parsed, seen = [], {}
    for number, cells in body:
        values = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        fields, errors = parse_row(values, kinds, bands)
        if fields["stem"] in seen:
            errors.append(("stem", _("The same question is also on row %(row)s.") % {"row": seen[fields["stem"]]}))
        seen[fields["stem"]] = number
        question = existing.get(fields["stem"])
        if question is not None and not errors and question.kind != QuestionKind.FILL_IN:
            if [(c.text, c.is_correct) for c in question.choices.all()] != fields["choices"]:
                errors.append(("choices", _(
                    "This question is already in the bank with other choices. Change its choices in the editor."
                )))
        result.errors.extend((number, column, message) for column, message in errors)
        parsed.append((fields, question))
    if result.errors or dry_run:
        result.created = sum(q is None for _f, q in parsed)
        result.updated = len(parsed) - result.created
        return result
    with transaction.atomic():
        for fields, question in parsed:
            if question is None:
                question = Question(locale=locale, stem=fields["stem"])
                for index, (text, correct) in enumerate(fields["choices"]):
                    question.choices.add(Choice(text=text, is_correct=correct, sort_order=index, locale=locale))
                result.created += 1
            else:
                result.updated += 1
            question.kind = fields["kind"]
            question.grade_band = fields["grade_band"]
            question.difficulty = fields["difficulty"]
            question.source = fields["source"]
            question.explanation = fields["explanation"]
            question.accepted_answers = "\n".join(fields["accepted"])
            question.active = fields["active"]
            if fields["practice"] is not None:
                question.practice = fields["practice"]
            question.save()
            question.tags.set(fields["tags"])
            question.save()
    return result
