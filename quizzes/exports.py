"""Results as CSV and XLSX: one row per student, and (XLSX) one per answer.

Class numbers and nicknames are what the students typed; a nickname may
still be a real name, so anyone but the run's own school sees it masked.
"""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheet import CsvWriter, Workbook
from quizzes.models import Answer, Attempt


def mask(name: str) -> str:
    """"12" → "1*", "小明" → "小*": enough to tell rows apart, not to name anyone."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def local_time(moment) -> str:
    """The site's time zone with its offset, "2026-12-07T09:05:00+08:00": a
    teacher reads the clock of the lesson, and the offset keeps it unambiguous."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def student_rows(run, masked: bool):
    header = [_("Class"), _("Student"), _("Started"), _("Finished"), _("Points"), _("Maximum points"),
              _("Score"), _("Attempt")]
    rows = []
    for a in Attempt.objects.filter(run=run).order_by("display_name", "number"):
        rows.append([str(run.class_group), mask(a.display_name) if masked else a.display_name,
                     local_time(a.started_at), local_time(a.finished_at),
                     a.points, a.max_points, a.score, a.number])
    return header, rows


def answer_rows(run, masked: bool):
    """Every answer as it was given; "Counted" is 1 on the rows the score
    marked (the last answer to each question of a finished attempt), as the
    teacher's statistics read them too."""
    header = [_("Student"), _("Question ID"), _("Answer order"), _("Choice IDs"), _("Text"), _("Saved at"),
              _("Attempt"), _("Counted")]
    rows = []
    answers = (Answer.objects.filter(attempt__run=run).select_related("attempt")
               .order_by("attempt__display_name", "attempt__number", "question_id", "seq"))
    previous = None
    for answer in answers.iterator(chunk_size=2000):
        name = answer.attempt.display_name
        if previous is not None and (previous.attempt_id, previous.question_id) == (answer.attempt_id, answer.question_id):
            rows[-1][-1] = 0  # a later answer to the same question replaced it
        rows.append([mask(name) if masked else name, answer.question_id, answer.seq,
                     " ".join(map(str, answer.choice_ids)), answer.text,
                     local_time(answer.created_at), answer.attempt.number, int(answer.attempt.is_finished)])
        previous = answer
    return header, rows


def csv_response(filename, header, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 Chinese text correctly only with a BOM
    writer = CsvWriter(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def xlsx_bytes(sheets, progress=None) -> bytes:
    """``sheets``: [(name, header, rows)]; ``progress(rows written)`` every 1,000 rows."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer, constant_memory=True)
    bold = workbook.add_format({"bold": True})
    written = 0
    for name, header, rows in sheets:
        sheet = workbook.add_worksheet(name)
        workbook.write_row(sheet, 0, header, bold)
        for index, row in enumerate(rows, start=1):
            workbook.write_row(sheet, index, row)
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written)
    workbook.close()
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run_rows_count(run) -> int:
    """How many rows a run's XLSX holds (students plus answers): its size for the progress bar."""
    return Attempt.objects.filter(run=run).count() + Answer.objects.filter(attempt__run=run).count()


def run_xlsx(run, masked: bool, progress=None, total=None) -> bytes:
    """A run's results as XLSX: one sheet of students, one of answers."""
    if total is not None:
        total(run_rows_count(run))
    return xlsx_bytes([(_("Students"), *student_rows(run, masked)), (_("Answers"), *answer_rows(run, masked))],
                      progress)
