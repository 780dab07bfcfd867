"""The teacher's side: their school's classes and runs only, the join code
with a QR code and a printable sheet, and live results."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from quizzes.models import Attempt, ClassGroup, QuizRun
from quizzes.services import AnswerRejected, finish_attempt, record_answer, start_run_attempt
from tests.quizzes.builders import (
    make_bank,
    make_class,
    make_quiz,
    make_run,
    make_school,
    make_teacher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    bank = make_bank()
    quiz = make_quiz(bank)
    school, other_school = make_school("t-a", "甲中学"), make_school("t-b", "乙中学")
    mine, theirs = make_class(school, name="1班", enrolled=4), make_class(other_school, name="9班")
    teacher = make_teacher("teacher-a", school)
    run = make_run(quiz, mine, teacher)
    other_run = make_run(quiz, theirs)
    return {"bank": bank, "quiz": quiz, "school": school, "class": mine, "other_class": theirs,
            "teacher": teacher, "run": run, "other_run": other_run}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_teacher_sees_only_their_school(world):
    client = logged_in(world["teacher"])
    index = client.get("/admin/quizzes/").content.decode()
    assert "1班" in index and "9班" not in index
    assert world["run"].join_code in index and world["other_run"].join_code not in index
    for url in (f"/admin/quizzes/runs/{world['other_run'].pk}/", f"/admin/quizzes/runs/{world['other_run'].pk}/sheet/",
                f"/admin/quizzes/classes/{world['other_class'].pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/admin/quizzes/runs/{world['other_run'].pk}/close/").status_code == 404
    world["other_run"].refresh_from_db()
    assert not world["other_run"].closed


def test_staff_without_a_school_are_refused(world):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("ed", password="pw-for-tests-only")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert logged_in(editor).get("/admin/quizzes/").status_code in (302, 403)


def test_a_teacher_adds_a_class_to_their_own_school_only(world):
    client = logged_in(world["teacher"])
    other = world["other_class"].school
    response = client.post("/admin/quizzes/classes/add/",
                           {"school": other.pk, "grade": 8, "name": "2班", "enrolled": 45})
    assert response.status_code == 302
    assert ClassGroup.objects.get(name="2班").school == world["school"]


def test_a_teacher_opens_a_run_and_gets_a_code_a_qr_code_and_a_sheet(world):
    client = logged_in(world["teacher"])
    response = client.post("/admin/quizzes/runs/add/", {
        "quiz": world["quiz"].pk, "class_group": world["class"].pk, "opens_at": "2026-06-26T09:00",
        "minutes_open": 40, "naming": "numbered",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    run = QuizRun.objects.exclude(pk__in=[world["run"].pk, world["other_run"].pk]).get()
    assert run.teacher == world["teacher"] and (run.closes_at - run.opens_at).total_seconds() == 2400
    page = client.get(response["Location"]).content.decode()
    assert run.join_code in page and "/qr.svg?url=" in page
    sheet = client.get(f"/admin/quizzes/runs/{run.pk}/sheet/").content.decode()
    assert run.join_code in sheet and "/qr.svg?url=" in sheet
    assert "开放时间：2026-06-26 09:00–09:40" in sheet  # in local time, as the class reads it
    # A class of another school cannot be chosen.
    refused = client.post("/admin/quizzes/runs/add/", {
        "quiz": world["quiz"].pk, "class_group": world["other_class"].pk, "opens_at": "2026-06-26T09:00",
        "minutes_open": 40, "naming": "numbered",
    })
    assert refused.status_code == 400


def test_results_show_the_class_figures_and_the_charts(world):
    run, bank = world["run"], world["bank"]
    right = {q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in bank}
    # Four students: 4, 3, 1 and 0 right out of 4 → 100, 75, 25, 0.
    for name, count in (("1", 4), ("2", 3), ("3", 1), ("4", 0)):
        attempt, _ = start_run_attempt(run, name)
        for q in bank[:count]:
            text = "六二六" if q.kind == "fill_in" else ""
            record_answer(attempt, q.pk, right[q.pk] if q.kind != "fill_in" else [], text, 1)
        finish_attempt(attempt.pk)
    start_run_attempt(run, "5")  # joined, still answering
    page = logged_in(world["teacher"]).get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    # Five joined a class of four: number 5 has no seat, so it is shown apart, never as 125 %.
    assert "4/4 <span" in page and "另有 1 人，请核对" in page
    assert "学号 5 超出了班级人数 4。" in page
    assert "<dd>100%</dd>" in page and "125%" not in page
    assert "<dd>50.0</dd>" in page  # average of 100, 75, 25, 0
    assert "<dd>50%</dd>" in page  # pass rate (2 of 4 at 60 or more)
    assert "<dd>25%</dd>" in page  # excellent and full-mark rates
    assert page.count("<svg") >= 2 and "qa-bar" in page
    # Share right per question, each bar labelled with it: 3, 2, 2 and 1 of the 4 finished.
    chart = page.split('id="fac-title"')[1].split("</svg>")[0]
    bars = re.findall(r'<rect [^>]*><title>(\d+): (\d+)%</title>', chart)
    assert bars == [("1", "75"), ("2", "50"), ("3", "50"), ("4", "25")]
    # How often each choice was taken: the right one of question 1 by the 3 who answered it.
    assert '<li class="qa-correct">✓甲：3 ✓</li>' in page
    assert Attempt.objects.filter(run=run, finished_at__isnull=True).count() == 1


def test_closing_a_run_marks_unfinished_attempts_and_stops_answers(world):
    run, question = world["run"], world["bank"][0]
    attempt, _ = start_run_attempt(run, "8")
    client = logged_in(world["teacher"])
    # A student is answering: the teacher confirms first (test_minors_data.py).
    assert client.post(f"/admin/quizzes/runs/{run.pk}/close/", {"confirm": "1"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_finished
    # No answer is taken any more.
    with pytest.raises(AnswerRejected):
        record_answer(attempt, question.pk, [], "", 1)
    run.refresh_from_db()
    assert run.closed and not run.is_open()


def finished_attempts(run, scores):
    """Attempts with the given scores (out of 100), marked directly."""
    from django.utils import timezone

    for number, score in enumerate(scores, start=1):
        attempt, _ = start_run_attempt(run, str(number))
        Attempt.objects.filter(pk=attempt.pk).update(finished_at=timezone.now(), score=score, points=score / 25,
                                                     max_points=4)


def test_exports_of_a_run_for_its_own_teacher_only(world):
    import io

    import openpyxl

    run = world["run"]
    finished_attempts(run, [100, 50])
    client = logged_in(world["teacher"])
    csv_text = client.get(f"/admin/quizzes/runs/{run.pk}/export.csv").content.decode("utf-8-sig")
    # The teacher's language (the admin's default, Chinese) and the lesson's clock with its offset.
    assert csv_text.splitlines()[0].startswith("班级,学生,开始")
    assert len(csv_text.splitlines()) == 3 and ",1," in csv_text
    started = csv_text.splitlines()[1].split(",")[2]
    assert started == timezone.localtime(Attempt.objects.filter(run=run).order_by("display_name")[0].started_at
                                         ).isoformat(timespec="seconds") and started.endswith("+08:00")
    xlsx = client.get(f"/admin/quizzes/runs/{run.pk}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["学生", "作答"] and book["学生"].max_row == 3
    assert client.get(f"/admin/quizzes/runs/{world['other_run'].pk}/export.csv").status_code == 403  # the spec: a refusal, not a missing page
    assert client.get(f"/admin/quizzes/runs/{run.pk}/export.pdf").status_code == 404


def test_the_office_reads_rollups_and_a_teacher_does_not(world):
    from django.contrib.auth.models import Group, User

    finished_attempts(world["run"], [100, 90, 60, 30])  # class of 4: all took part
    finished_attempts(world["other_run"], [50])  # other school's class of 40
    office = User.objects.create_user("office", password="pw-for-tests-only")
    office.groups.add(Group.objects.get(name="Approvers"))
    client = logged_in(office)
    page = client.get("/admin/quizzes/rollup/").content.decode()
    assert "甲中学" in page and "乙中学" in page
    assert "<td>100%</td>" in page  # 甲's participation: 4 of 4
    csv_text = client.get("/admin/quizzes/rollup/?format=csv").content.decode("utf-8-sig")
    total = csv_text.splitlines()[-1].split(",")
    assert total[1:4] == ["44", "5", str(5 / 44)]
    assert float(total[5]) == 0.6  # 3 of 5 passed
    # The admin answers a refusal with a redirect to its dashboard and a message.
    refused = logged_in(world["teacher"]).get("/admin/quizzes/rollup/")
    assert refused.status_code in (302, 403) and "甲中学" not in refused.content.decode()


def test_more_nicknames_than_students_are_shown_apart(world):
    run = world["run"]
    run.naming = "nickname"
    run.save()
    for name in ("小明", "小红", "小刚", "小丽", "明明", "红红"):  # six nicknames in a class of four
        start_run_attempt(run, name)
    page = logged_in(world["teacher"]).get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "4/4 <span" in page and "另有 2 人，请核对" in page
    assert "加入的学生比在籍的 4 人多 2 人。" in page and "150%" not in page
