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
Reading the file, the dry run and the error report are the shared importer's
(core/importing.py).
"""

from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.importing import FALSE_WORDS, TRUE_WORDS, Importer, Row, choice_aliases
from quizzes.choices import GradeBand, QuestionKind
from quizzes.models import Choice, Question

# The short names schools use besides the labels.
KIND_WORDS = {"单选": "single", "多选": "multiple", "判断": "true_false", "填空": "fill_in"}
BAND_WORDS = {"小学": "primary", "初中": "junior", "高中": "senior", "中职": "vocational"}


class QuestionImporter(Importer):
    name = "questions"
    columns = ["kind", "grade_band", "difficulty", "tags", "stem", "choices", "accepted_answers", "explanation",
               "source", "active", "practice"]
    required = ["kind", "grade_band", "stem", "source"]

    def export_rows(self) -> list[list]:
        rows = []
        questions = (Question.objects.filter(locale=Locale.get_default())
                     .prefetch_related("choices", "tags").order_by("pk"))
        for q in questions:
            choices = "|".join(("*" if c.is_correct else "") + c.text for c in q.choices.all())
            rows.append([q.kind, q.grade_band, q.difficulty, ",".join(sorted(t.name for t in q.tags.all())),
                         q.stem, choices, "|".join(q.accepted_list()), q.explanation, q.source, int(q.active),
                         int(q.practice)])
        return rows

    def prepare(self):
        self.kinds, self.bands = choice_aliases(QuestionKind) | KIND_WORDS, choice_aliases(GradeBand) | BAND_WORDS
        self.locale = Locale.get_default()
        self.existing = {q.stem: q for q in Question.objects.filter(locale=self.locale).prefetch_related("choices")}
        self.row_of_stem: dict[str, int] = {}

    def parse_row(self, row: Row):
        fields = parse_fields(row, self.kinds, self.bands)
        stem = fields["stem"]
        if stem in self.row_of_stem:
            row.error("stem", _("The same question is also on row %(row)s.") % {"row": self.row_of_stem[stem]})
        self.row_of_stem[stem] = row.number
        question = self.existing.get(stem)
        if question is not None and not row.errors and question.kind != QuestionKind.FILL_IN:
            if [(c.text, c.is_correct) for c in question.choices.all()] != fields["choices"]:
                row.error("choices", _(
                    "This question is already in the bank with other choices. Change its choices in the editor."
                ))
        return (fields, question), question is None

    def save(self, items) -> list:
        for fields, question in items:
            if question is None:
                question = Question(locale=self.locale, stem=fields["stem"])
                for index, (text, correct) in enumerate(fields["choices"]):
                    question.choices.add(Choice(text=text, is_correct=correct, sort_order=index, locale=self.locale))
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
        return []


def parse_fields(row: Row, kinds: dict, bands: dict) -> dict:
    """One row's clean fields; what is wrong goes to ``row.error``."""
    values = row.values
    kind = kinds.get(values["kind"].strip().lower())
    if kind is None:
        row.error("kind", _("Unknown question type “%(value)s”.") % {"value": values["kind"]})
    band = bands.get(values["grade_band"].strip().lower())
    if band is None:
        row.error("grade_band", _("Unknown grade band “%(value)s”.") % {"value": values["grade_band"]})
    difficulty_text = values["difficulty"].strip() or "2"
    try:
        difficulty = int(float(difficulty_text))
        if not 1 <= difficulty <= 5:
            raise ValueError
    except ValueError:
        difficulty = None
        row.error("difficulty", _("Difficulty is a whole number from 1 to 5."))
    stem = values["stem"].strip()
    if not stem:
        row.error("stem", _("The question is empty."))
    source = values["source"].strip()
    if not source:
        row.error("source", _("Every question cites its source."))
    choices = [part.strip() for part in values["choices"].split("|") if part.strip()]
    parsed_choices = [(text[1:].strip(), True) if text.startswith(("*", "＊")) else (text, False) for text in choices]
    accepted = [part.strip() for part in values["accepted_answers"].split("|") if part.strip()]
    right = sum(correct for _text, correct in parsed_choices)
    if kind == QuestionKind.FILL_IN:
        if not accepted:
            row.error("accepted_answers", _("A fill-in question needs at least one accepted answer."))
    elif kind is not None:
        if len(parsed_choices) < 2:
            row.error("choices", _("Give at least two choices, separated by |."))
        elif kind == QuestionKind.MULTIPLE and right < 1:
            row.error("choices", _("Mark the right choices with * at their start."))
        elif kind != QuestionKind.MULTIPLE and right != 1:
            row.error("choices", _("Mark exactly one right choice with * at its start."))
    # A file without the column keeps questions active; one without "practice" leaves it as it is.
    active = values["active"].strip().lower()
    active = not active or active not in FALSE_WORDS
    practice = values["practice"].strip().lower()
    practice = None if not practice else practice in TRUE_WORDS
    tags = [t.strip() for t in values["tags"].replace("，", ",").split(",") if t.strip()]
    return {"kind": kind, "grade_band": band, "difficulty": difficulty, "stem": stem, "source": source,
            "choices": parsed_choices, "accepted": accepted, "explanation": values["explanation"].strip(),
            "active": active, "practice": practice, "tags": tags}
