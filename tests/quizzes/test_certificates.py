"""Certificates: a PDF with real Chinese text for passing students only, a
public check page that tells nothing more than it must, the class batch,
and another school's teacher refused (403) for certificates and exports."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from quizzes.models import Attempt, Certificate, FileJob
from quizzes.services import finish_attempt, record_answer, start_run_attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text.replace("\x00", "")), reader


def answer_all(attempt, right: bool):
    """Answer every question of ``attempt`` right (or wrong), as a student would."""
    from quizzes.models import Question

    for qid in attempt.question_ids:
        question = Question.objects.get(pk=qid)
        if question.kind == "fill_in":
            record_answer(attempt, qid, [], "六二六" if right else "不知道", 1)
        else:
            correct = list(question.correct_choice_ids())
            wrong = [c.pk for c in question.choices.all() if not c.is_correct][:1]
            record_answer(attempt, qid, correct if right else wrong, "", 1)
    return finish_attempt(attempt.pk)


@pytest.fixture
def world():
    bank = make_bank()
    quiz = make_quiz(bank, title="六二六禁毒知识测验", certificate_on_pass=True)
    school, other_school = make_school("t-a", "甲中学"), make_school("t-b", "乙中学")
    run = make_run(quiz, make_class(school, grade=8, name="3班"))
    other_run = make_run(quiz, make_class(other_school, name="9班"))
    passing = answer_all(start_run_attempt(run, "12")[0], right=True)
    failing = answer_all(start_run_attempt(run, "13")[0], right=False)
    return {"quiz": quiz, "school": school, "run": run, "other_run": other_run, "passing": passing,
            "failing": failing, "teacher": make_teacher("teacher-a", school)}


def device_of(attempt):
    """A phone holding the attempt's cookie, as after joining."""
    from django.core.signing import get_cookie_signer

    from quizzes.views import COOKIE, COOKIE_SALT

    phone = Client()
    phone.cookies[COOKIE] = get_cookie_signer(salt=COOKIE + COOKIE_SALT).sign(attempt.token)
    return phone


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_passing_student_downloads_a_certificate_with_chinese_text_and_an_embedded_font(world):
    phone = device_of(world["passing"])
    result = phone.get(f"/quiz/a/{world['passing'].token}/result/").content.decode()
    link = f"/quiz/a/{world['passing'].token}/certificate.pdf"
    assert link in result
    response = phone.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, reader = pdf_text(response.content)
    certificate = Certificate.objects.get(attempt=world["passing"])
    assert "甲中学" in text and "12" in text and "六二六禁毒知识测验" in text
    assert "100" in text and certificate.serial in text
    assert f"/quiz/certificate/{certificate.serial}/" in text
    page = reader.pages[0]
    font = next(iter(page["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile3" in descriptor or "/FontFile2" in descriptor
    # Asking again gives the same serial: one certificate per attempt.
    phone.get(link)
    assert Certificate.objects.filter(attempt=world["passing"]).count() == 1


def test_a_failing_student_gets_no_certificate(world):
    phone = device_of(world["failing"])
    result = phone.get(f"/quiz/a/{world['failing'].token}/result/").content.decode()
    assert "certificate.pdf" not in result
    assert phone.get(f"/quiz/a/{world['failing'].token}/certificate.pdf").status_code == 404
    assert not Certificate.objects.filter(attempt=world["failing"]).exists()


def test_no_certificate_when_the_quiz_gives_none(world):
    world["quiz"].certificate_on_pass = False
    world["quiz"].save()
    phone = device_of(world["passing"])
    assert phone.get(f"/quiz/a/{world['passing'].token}/certificate.pdf").status_code == 404


def test_another_device_cannot_fetch_a_students_certificate(world):
    assert Client().get(f"/quiz/a/{world['passing'].token}/certificate.pdf").status_code == 404


def test_the_check_page_confirms_a_serial_and_says_nothing_more(world):
    phone = device_of(world["passing"])
    phone.get(f"/quiz/a/{world['passing'].token}/certificate.pdf")
    certificate = Certificate.objects.get()
    page = Client().get(f"/quiz/certificate/{certificate.serial}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲中学" in body and certificate.serial in body
    assert world["passing"].finished_at.astimezone().strftime("%Y-%m-%d")[:4] in body
    # No student label, score or class.
    shown = body.replace(certificate.serial, "")  # a random serial may hold "100"
    assert "3班" not in shown and ">12<" not in shown and not re.search(r"\b100\b", shown)


def test_an_unknown_serial_is_a_404_with_a_clear_message(world):
    response = Client().get("/quiz/certificate/NC-0000-0000-0000/")
    assert response.status_code == 404
    assert "NC-0000-0000-0000" in response.content.decode()


def test_the_teacher_prints_the_class_certificates_as_one_pdf(world):
    third = answer_all(start_run_attempt(world["run"], "14")[0], right=True)
    response = logged_in(world["teacher"]).get(f"/admin/quizzes/runs/{world['run'].pk}/certificates.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, reader = pdf_text(response.content)
    assert len(reader.pages) == 2  # 12 and 14 passed; 13 did not
    serials = set(Certificate.objects.values_list("serial", flat=True))
    assert serials == {Certificate.objects.get(attempt=world["passing"]).serial,
                       Certificate.objects.get(attempt=third).serial}
    assert all(serial in text for serial in serials)


def test_a_big_class_batch_runs_as_a_task_with_a_progress_page(world, settings):
    settings.QUIZ_SYNC_CERTIFICATES = 0  # every batch goes to the task queue (run in-process in tests)
    answer_all(start_run_attempt(world["run"], "15")[0], right=True)
    teacher = logged_in(world["teacher"])
    response = teacher.get(f"/admin/quizzes/runs/{world['run'].pk}/certificates.pdf")
    assert response.status_code == 302
    job = FileJob.objects.get()
    assert response["Location"].endswith(f"/admin/quizzes/files/{job.pk}/")
    page = teacher.get(response["Location"]).content.decode()
    assert "<progress" in page and f"/admin/quizzes/files/{job.pk}/download/" in page
    assert 'http-equiv="refresh"' not in page  # done: nothing left to wait for
    download = teacher.get(f"/admin/quizzes/files/{job.pk}/download/")
    assert download.status_code == 200
    assert len(PdfReader(io.BytesIO(download.content)).pages) == 2


def test_the_progress_page_refreshes_while_the_task_runs(world):
    job = FileJob.objects.create(kind=FileJob.Kind.CERTIFICATES, run=world["run"], total=40, done=10,
                                 state=FileJob.State.RUNNING)
    page = logged_in(world["teacher"]).get(f"/admin/quizzes/files/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and 'value="25"' in page and "10" in page
    assert logged_in(world["teacher"]).get(f"/admin/quizzes/files/{job.pk}/download/").status_code == 404


def test_the_task_makes_the_xlsx_of_a_run(world):
    from openpyxl import load_workbook

    from quizzes.tasks import make_file

    # Asked for by a teacher reading the admin in English: the file speaks English too.
    job = FileJob.objects.create(kind=FileJob.Kind.XLSX, run=world["run"], masked=False, language="en")
    make_file(job.pk)
    job.refresh_from_db()
    assert job.state == FileJob.State.DONE and job.total == 2 + 8  # two students, four answers each
    sheets = load_workbook(io.BytesIO(bytes(job.content)))
    assert sheets.sheetnames == ["Students", "Answers"]
    assert next(sheets["Students"].iter_rows(max_row=1, values_only=True))[:3] == ("Class", "Student", "Started")
    assert [row[1] for row in sheets["Students"].iter_rows(min_row=2, values_only=True)] == ["12", "13"]


def test_a_big_xlsx_export_goes_to_the_task_queue(world, settings):
    settings.QUIZ_SYNC_EXPORT_ROWS = 3
    teacher = logged_in(world["teacher"])
    response = teacher.get(f"/admin/quizzes/runs/{world['run'].pk}/export.xlsx")
    assert response.status_code == 302
    job = FileJob.objects.get(kind=FileJob.Kind.XLSX)
    assert job.state == FileJob.State.DONE and not job.masked
    assert teacher.get(f"/admin/quizzes/files/{job.pk}/download/")["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_another_schools_teacher_is_refused_certificates_exports_and_files(world):
    outsider = logged_in(make_teacher("teacher-b", world["other_run"].class_group.school))
    run = world["run"]
    for url in (f"/admin/quizzes/runs/{run.pk}/certificates.pdf", f"/admin/quizzes/runs/{run.pk}/export.csv",
                f"/admin/quizzes/runs/{run.pk}/export.xlsx"):
        assert outsider.get(url).status_code == 403, url
    job = FileJob.objects.create(kind=FileJob.Kind.XLSX, run=run, state=FileJob.State.DONE, content=b"x",
                                 filename="x.xlsx")
    assert outsider.get(f"/admin/quizzes/files/{job.pk}/").status_code == 403
    assert outsider.get(f"/admin/quizzes/files/{job.pk}/download/").status_code == 403
    assert not Certificate.objects.exists()
    assert Attempt.objects.filter(run=run).count() == 2


def test_made_files_are_kept_for_a_day(world):
    from datetime import timedelta

    from django.utils import timezone

    from quizzes.tasks import make_file

    old = FileJob.objects.create(kind=FileJob.Kind.XLSX, run=world["run"], state=FileJob.State.DONE, content=b"x")
    FileJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    recent = FileJob.objects.create(kind=FileJob.Kind.XLSX, run=world["run"], state=FileJob.State.DONE, content=b"y")
    new = FileJob.objects.create(kind=FileJob.Kind.XLSX, run=world["run"])
    make_file(new.pk)
    assert set(FileJob.objects.values_list("pk", flat=True)) == {recent.pk, new.pk}


def text_runs(page) -> list[tuple[str, float, float, str, float]]:
    """(text, x, y in mm from the page's bottom left, font name, size in pt) of every line written on ``page``."""
    runs = []

    def visit(text, _cm, tm, font, size):
        text = text.replace("\x00", "").strip()
        if text:
            runs.append((text, tm[4] * 25.4 / 72, tm[5] * 25.4 / 72, str(font.get("/BaseFont", "")), size))

    page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("language", ["zh-hans", "en", "zh-hant"])
def test_a_certificate_keeps_its_text_inside_the_frame_and_its_phrases_whole(world, language):
    """A long school name and a 20-character nickname in every language: each line,
    measured in the font it is set in, stays inside the inner frame; the check
    address is one line; "满分 100 分" is not split."""
    from django.utils import translation

    from core import pdf
    from quizzes import certificates

    world["school"].name = "东莞市南城街道第一实验小学附属初级中学（国际部与本部联合校区）"
    world["school"].name_en = "Dongguan Nancheng Subdistrict First Experimental Primary and Junior Secondary School"
    world["school"].save()
    world["run"].naming = "nickname"
    world["run"].save()
    long_name = answer_all(start_run_attempt(world["run"], "超级无敌禁毒小卫士一号二号三号四号五号")[0], right=True)
    wide_name = answer_all(start_run_attempt(world["run"], "W" * 20)[0], right=True)
    issued = [certificates.issue(attempt) for attempt in (long_name, wide_name)]
    base_url = "https://jdb.nancheng.example.gov.cn/"
    with translation.override(language):
        content = certificates.render(issued, base_url)
        urls = [base_url.rstrip("/") + certificates.verify_path(certificate.serial) for certificate in issued]
    measure = pdf.a4_document(language=certificates.PDF_LANGUAGE[language])
    low, high = certificates.INNER, measure.w - certificates.INNER
    for page, url in zip(PdfReader(io.BytesIO(content)).pages, urls, strict=True):
        runs = text_runs(page)
        assert runs
        for text, x, y, font, size in runs:
            measure.set_font(pdf.FAMILY, "B" if "Bold" in font else "", size=size)
            assert low + 5 <= x and x + measure.get_string_width(text) <= high - 5, (text, x)
            assert low + 5 <= y <= measure.h - low - 5, (text, y)
        assert any(url in text for text, *_rest in runs), [text for text, *_rest in runs]
        if language == "zh-hans":
            assert any("（满分 100 分）" in text for text, *_rest in runs)


SCORE_PHRASE = {"zh-hans": "{score} 分（满分 100 分）", "en": "{score} out of 100", "zh-hant": "{score} 分（滿分 100 分）"}


@pytest.mark.parametrize("language", ["zh-hans", "en", "zh-hant"])
@pytest.mark.parametrize("score", [100, 87.5, 60])
def test_the_score_phrase_is_never_split_across_lines(world, language, score):
    """At the certificate's real layout, English broke "… 87.5 out / of 100." and
    "… 60 out of / 100.": the whole score phrase now sits on one printed line."""
    from django.utils import translation

    from quizzes import certificates

    attempt = world["passing"]
    Attempt.objects.filter(pk=attempt.pk).update(score=score)
    attempt.refresh_from_db()
    certificate = certificates.issue(attempt)
    certificate.attempt = attempt
    with translation.override(language):
        content = certificates.render([certificate], "https://jdb.nancheng.example.gov.cn/")
    lines = [text for text, *_rest in text_runs(PdfReader(io.BytesIO(content)).pages[0])]
    phrase = SCORE_PHRASE[language].format(score=f"{score:g}")
    assert any(phrase in line for line in lines), lines
    # Nothing of the no-break marking reaches the page (it has no glyph).
    assert not any("\u2060" in line or "\u00a0" in line for line in lines)
