"""Certificates: issuing a serial to a passing attempt, and drawing the PDF.

The PDF is made with core/pdf.py (fpdf2, an embedded subset of Noto Sans
CJK). It names the student as the class number or nickname they typed,
never anything more; the QR code leads to the public check page.
"""

from collections.abc import Callable, Iterable

import segno
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import pdf
from quizzes.choices import StudentNaming
from quizzes.models import Attempt, Certificate
from quizzes.models.documents import new_serial

PDF_LANGUAGE = {"zh-hans": "zh-CN", "zh-hant": "zh-TW", "en": "en"}


def eligible(attempt: Attempt) -> bool:
    """A finished, passing attempt of a class run whose quiz gives certificates."""
    return bool(attempt.run_id and attempt.is_finished and attempt.quiz.certificate_on_pass and attempt.passed())


def issue(attempt: Attempt) -> Certificate | None:
    """The attempt's certificate, issued on first asking; None when not eligible."""
    if not eligible(attempt):
        return None
    existing = Certificate.objects.filter(attempt=attempt).first()
    if existing is not None:
        return existing
    for _try in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(attempt=attempt, serial=new_serial(),
                                                  issued_at=attempt.finished_at or timezone.now())
        except IntegrityError:
            # Either a second request issued it first, or (never in practice) the serial clashed.
            existing = Certificate.objects.filter(attempt=attempt).first()
            if existing is not None:
                return existing
    raise IntegrityError("could not issue a certificate serial")


def issue_for_run(run) -> list[Certificate]:
    """Every certificate of a run's passing students, in class-number order."""
    attempts = (Attempt.objects.filter(run=run, finished_at__isnull=False)
                .select_related("quiz", "run__class_group__school").order_by("display_name", "number"))
    certificates = []
    for attempt in attempts:
        certificate = issue(attempt)
        if certificate is not None:
            certificate.attempt = attempt
            certificates.append(certificate)
    return certificates


def verify_path(serial: str) -> str:
    return reverse("quizzes:certificate_verify", args=(serial,))


def student_label(attempt: Attempt) -> str:
    """The nickname as typed, or "No. 12" for a class number: never more."""
    if attempt.run.naming == StudentNaming.NUMBERED and attempt.display_name.isdigit():
        return _("No. %(number)s") % {"number": attempt.display_name}
    return attempt.display_name


def _draw_qr(document, text: str, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles, one per run of dark modules in a row:
    vector, sharp when printed, and no image to embed."""
    qr = segno.make(text, error="m")
    matrix = list(qr.matrix)
    module = size / len(matrix)
    document.set_fill_color(27, 42, 65)
    for row_index, row in enumerate(matrix):
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                document.rect(x + start * module, y + row_index * module, (col_index - start) * module, module,
                              style="F")
                start = None


# The page: A4 with a double frame; everything written keeps ``INSET`` inside the inner one.
FRAME, INNER, INSET = 12, 15, 10


def _draw_page(document, certificate: Certificate, base_url: str) -> None:
    attempt = certificate.attempt
    run = attempt.run
    school = run.class_group.school
    document.add_page()
    left = INNER + INSET
    width = document.w - 2 * left
    document.set_draw_color(176, 38, 38)
    document.set_line_width(1.2)
    document.rect(FRAME, FRAME, document.w - 2 * FRAME, document.h - 2 * FRAME)
    document.set_line_width(0.3)
    document.rect(INNER, INNER, document.w - 2 * INNER, document.h - 2 * INNER)

    document.set_y(42)
    document.set_text_color(176, 38, 38)
    pdf.paragraph(document, _("Certificate of achievement"), left, width, 30, 20, style="B", line_height=1.4)
    document.set_text_color(27, 42, 65)
    pdf.paragraph(document, attempt.quiz.display_title, left, width, 14, 10)

    document.set_y(92)
    pdf.paragraph(document, student_label(attempt), left, width, 22, 14, style="B", line_height=1.4)
    grade_class = _("grade %(grade)s %(name)s") % {"grade": run.class_group.grade, "name": run.class_group.name}
    one_line = f"{school.display_name} · {grade_class}"
    document.set_font(pdf.FAMILY, size=14)
    if document.get_string_width(one_line) <= width:
        pdf.paragraph(document, one_line, left, width, 14)
    else:
        # A long school name gets a line of its own (smaller if need be), the class the next.
        pdf.paragraph(document, school.display_name, left, width, 14, 10)
        pdf.paragraph(document, grade_class, left, width, 14)
    document.ln(6)
    # The score is one phrase on paper ("95 out of 100", "95 分（满分 100 分）"):
    # a line never ends inside it (core/pdf.py, keep_together).
    score = pdf.keep_together(_("%(score)s out of 100") % {"score": f"{attempt.score:g}"})
    pdf.paragraph(document, _(
        "passed the anti-drug knowledge quiz with a score of %(score)s. Keep away from drugs and cherish life."
    ) % {"score": score}, left + 8, width - 16, 14, 12, line_height=1.7)

    date = timezone.localtime(attempt.finished_at).date()
    qr_size = 42
    document.set_y(178)
    document.set_font(pdf.FAMILY, size=12)
    for label, value in ((_("Date"), date.isoformat()), (_("Score"), f"{attempt.score:g}"),
                         (_("Serial"), certificate.serial)):
        document.set_x(left)
        document.cell(28, 8, label)
        document.cell(width - qr_size - 34, 8, value, new_x="LMARGIN", new_y="NEXT")
    _draw_qr(document, url := base_url.rstrip("/") + verify_path(certificate.serial),
             left + width - qr_size, 174, qr_size)
    # The address under both, across the page: read and typed as one line.
    document.set_y(174 + qr_size + 6)
    pdf.paragraph(document, _("Check this certificate at %(url)s") % {"url": url}, left, width, 9, 6,
                  align="L")
    document.set_y(document.h - INNER - INSET - 12)
    document.set_font(pdf.FAMILY, size=12)
    document.set_x(left)
    document.cell(width, 8, _("Nancheng Subdistrict Drug Control Office"), align="R")


def render(certificates: Iterable[Certificate], base_url: str,
           progress: Callable[[int], None] | None = None) -> bytes:
    """One PDF with a page per certificate; ``progress(done)`` is told every 20 pages."""
    language = PDF_LANGUAGE.get(translation.get_language() or "zh-hans", "zh-CN")
    document = pdf.a4_document(title=_("Quiz certificates"), author=_("Nancheng Subdistrict Drug Control Office"),
                               language=language)
    count = 0
    for count, certificate in enumerate(certificates, start=1):
        _draw_page(document, certificate, base_url)
        if progress is not None and count % 20 == 0:
            progress(count)
    if count == 0:
        document.add_page()
        document.set_font(pdf.FAMILY, size=14)
        document.cell(0, 10, _("No student has passed this quiz yet."))
    return bytes(document.output())
