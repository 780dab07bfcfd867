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


def _draw_page(document, certificate: Certificate, base_url: str) -> None:
    attempt = certificate.attempt
    run = attempt.run
    school = run.class_group.school
    document.add_page()
    width = document.w - 2 * 20
    document.set_draw_color(176, 38, 38)
    document.set_line_width(1.2)
    document.rect(12, 12, document.w - 24, document.h - 24)
    document.set_line_width(0.3)
    document.rect(15, 15, document.w - 30, document.h - 30)

    document.set_xy(20, 45)
    document.set_font(pdf.FAMILY, "B", size=30)
    document.set_text_color(176, 38, 38)
    document.cell(width, 14, _("Certificate of achievement"), align="C", new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(27, 42, 65)
    document.set_font(pdf.FAMILY, size=14)
    document.set_x(20)
    document.cell(width, 10, attempt.quiz.display_title, align="C", new_x="LMARGIN", new_y="NEXT")

    document.set_y(95)
    document.set_font(pdf.FAMILY, "B", size=22)
    document.set_x(20)
    grade_class = _("grade %(grade)s %(name)s") % {"grade": run.class_group.grade, "name": run.class_group.name}
    document.cell(width, 14, student_label(attempt), align="C", new_x="LMARGIN", new_y="NEXT")
    document.set_font(pdf.FAMILY, size=14)
    document.set_x(20)
    document.cell(width, 9, f"{school.display_name} · {grade_class}", align="C", new_x="LMARGIN", new_y="NEXT")
    document.ln(8)
    document.set_x(30)
    document.multi_cell(width - 20, 9, _(
        "passed the anti-drug knowledge quiz with a score of %(score)s out of 100. "
        "Keep away from drugs and cherish life."
    ) % {"score": f"{attempt.score:g}"}, align="C")

    date = timezone.localtime(attempt.finished_at).date()
    document.set_y(175)
    document.set_font(pdf.FAMILY, size=12)
    for label, value in ((_("Date"), date.isoformat()), (_("Score"), f"{attempt.score:g}"),
                         (_("Serial"), certificate.serial)):
        document.set_x(30)
        document.cell(30, 8, label)
        document.cell(70, 8, value, new_x="LMARGIN", new_y="NEXT")
    url = base_url.rstrip("/") + verify_path(certificate.serial)
    document.set_x(30)
    document.set_font(pdf.FAMILY, size=9)
    document.multi_cell(100, 5, _("Check this certificate at %(url)s") % {"url": url})
    _draw_qr(document, url, document.w - 30 - 45, 172, 45)
    document.set_y(document.h - 45)
    document.set_font(pdf.FAMILY, size=12)
    document.cell(0, 8, _("Nancheng Subdistrict Drug Control Office"), align="R")


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
