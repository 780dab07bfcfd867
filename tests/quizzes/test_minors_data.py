"""Students' data: kept through the school year plus 90 days, then
anonymised by a daily task; one attempt deleted on a teacher's request, with
a record that does not name the student; no named leaderboard for primary
and junior classes; confirmations before handing in with questions left
and before closing a run while students answer."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from quizzes.models import Answer, Attempt, Certificate, FileJob, Quiz
from quizzes.retention import anonymise_expired_attempts
from quizzes.services import finish_attempt, record_answer, start_practice_attempt, start_run_attempt
from tests.quizzes.builders import (
    make_bank,
    make_class,
    make_question,
    make_quiz,
    make_run,
    make_school,
    make_teacher,
)

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, 0, tzinfo=LOCAL)


@pytest.fixture
def world():
    bank = make_bank()
    quiz = make_quiz(bank, shuffle_questions=False, certificate_on_pass=True, pass_mark=0)
    school = make_school("t-m", "明德中学")
    group = make_class(school, grade=8, name="2班", enrolled=40)
    teacher = make_teacher("teacher-m", school)
    return {"bank": bank, "quiz": quiz, "school": school, "class": group, "teacher": teacher}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def answered_attempt(run, name, question):
    attempt, _created = start_run_attempt(run, name)
    record_answer(attempt, question.pk, [question.choices.first().pk], "", 1)
    return finish_attempt(attempt.pk)


# ---------------------------------------------------------------- retention
def test_attempts_are_kept_through_the_school_year_plus_90_days_then_anonymised(world):
    from quizzes import rollups
    from quizzes.certificates import issue

    question = world["bank"][0]
    with time_machine.travel(at(2026, 3, 10), tick=False):
        spring = make_run(world["quiz"], world["class"], world["teacher"])
        old = answered_attempt(spring, "NICK-SPRING", question)
        token = old.token
        serial = issue(old).serial
        # Public practice draws only practice questions (kept apart from class quizzes).
        practice_bank = [make_question("练习题干", practice=True)]
        practice = start_practice_attempt(make_quiz(practice_bank, title="练习", is_practice=True), "PRACTICE-NICK")
    with time_machine.travel(at(2026, 7, 20), tick=False):
        # After 15 July: the next school year's.
        summer = make_run(world["quiz"], world["class"], world["teacher"])
        recent = answered_attempt(summer, "NICK-SUMMER", question)
    teacher = logged_in(world["teacher"])

    # 13 October is 15 July + 90 days: still kept, the daily task changes nothing.
    with time_machine.travel(at(2026, 10, 13, 23), tick=False):
        assert anonymise_expired_attempts() == 0
    assert "NICK-SPRING" in teacher.get(f"/admin/quizzes/runs/{spring.pk}/").content.decode()

    with time_machine.travel(at(2026, 10, 14, 3), tick=False):
        assert anonymise_expired_attempts() == 2
        assert anonymise_expired_attempts() == 0  # the next day's run finds nothing new
    old.refresh_from_db()
    assert old.anonymised_at is not None and old.display_name == f"#{old.pk}"
    assert not Answer.objects.filter(attempt=old).exists()
    assert not Attempt.objects.filter(pk=practice.pk).exists()
    # The teacher's page and export no longer name the student; the score stays.
    page = teacher.get(f"/admin/quizzes/runs/{spring.pk}/").content.decode()
    assert "NICK-SPRING" not in page and f"#{old.pk}" in page
    assert "保存期满后已删除" in page and "qa-items" not in page  # no per-question figures without answers
    export = teacher.get(f"/admin/quizzes/runs/{spring.pk}/export.csv").content.decode()
    assert "NICK-SPRING" not in export
    # The office's counts per school still hold the attempt, anonymously.
    row = next(r for r in rollups.subdistrict(quiz=world["quiz"])["schools"] if r["entry"] == world["school"])
    assert row["finished"] == 2
    # The certificate still verifies (it never said who).
    assert Client().get(f"/quiz/certificate/{serial}/").status_code == 200
    assert Certificate.objects.filter(serial=serial).exists()
    # The student's link on their phone leads nowhere now.
    assert old.token != token and not Attempt.objects.filter(token=token).exists()
    # The attempt of the new school year is untouched.
    recent.refresh_from_db()
    assert recent.display_name == "NICK-SUMMER" and recent.anonymised_at is None
    assert Answer.objects.filter(attempt=recent).count() == 1

    # Its own turn comes after 15 July 2027 + 90 days.
    with time_machine.travel(at(2027, 10, 14, 3), tick=False):
        assert anonymise_expired_attempts() == 1
    recent.refresh_from_db()
    assert recent.display_name == f"#{recent.pk}"


def test_the_retention_period_is_a_setting(world, settings):
    question = world["bank"][0]
    settings.QUIZ_RETENTION = {"school_year_ends": (6, 30), "days": 30}
    with time_machine.travel(at(2026, 5, 10), tick=False):
        attempt = answered_attempt(make_run(world["quiz"], world["class"]), "7", question)
    with time_machine.travel(at(2026, 7, 30, 12), tick=False):
        assert anonymise_expired_attempts() == 0
    with time_machine.travel(at(2026, 7, 31, 12), tick=False):
        assert anonymise_expired_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.anonymised_at is not None


def test_the_daily_task_is_scheduled():
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    from core.schedules import ensure_schedules

    ensure_schedules()
    schedule = Schedule.objects.get(name="quizzes:anonymise_expired_attempts")
    assert schedule.schedule_type == Schedule.DAILY
    assert import_string(schedule.func) is anonymise_expired_attempts


# ---------------------------------------------------------------- deletion on request
def test_a_teacher_deletes_one_attempt_after_confirming_and_the_deletion_is_recorded(world):
    from quizzes.models import AttemptDeletion

    question = world["bank"][0]
    run = make_run(world["quiz"], world["class"], world["teacher"])
    gone = answered_attempt(run, "17", question)
    kept = answered_attempt(run, "18", question)
    teacher = logged_in(world["teacher"])
    page = teacher.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert f"/admin/quizzes/attempts/{gone.pk}/delete/" in page

    # The first step only asks, and says what goes.
    confirm = teacher.get(f"/admin/quizzes/attempts/{gone.pk}/delete/")
    body = confirm.content.decode()
    assert confirm.status_code == 200 and "删除这份答卷" in body and "17" in body
    assert Attempt.objects.filter(pk=gone.pk).exists()

    # A file made earlier for the run names the student: it goes too.
    FileJob.objects.create(kind=FileJob.Kind.XLSX, run=run, state=FileJob.State.DONE, content=b"17")
    response = teacher.post(f"/admin/quizzes/attempts/{gone.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/admin/quizzes/runs/{run.pk}/"
    assert not FileJob.objects.filter(run=run).exists()
    assert not Attempt.objects.filter(pk=gone.pk).exists()
    assert not Answer.objects.filter(attempt_id=gone.pk).exists()
    assert Attempt.objects.filter(pk=kept.pk).exists()
    record = AttemptDeletion.objects.get()
    assert (record.run, record.seat, record.attempt_number, record.deleted_by, record.deleted_by_name) == (
        run, "17", 1, world["teacher"], "teacher-m")
    page = teacher.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "qa-deletions" in page and "teacher-m" in page


def test_a_deletion_in_a_nickname_run_records_no_nickname(world):
    from quizzes.models import AttemptDeletion

    run = make_run(world["quiz"], world["class"], world["teacher"], naming="nickname")
    attempt, _created = start_run_attempt(run, "蓝色海豚")
    logged_in(world["teacher"]).post(f"/admin/quizzes/attempts/{attempt.pk}/delete/")
    record = AttemptDeletion.objects.get()
    assert record.seat == ""
    assert "蓝色海豚" not in str([getattr(record, f.attname) for f in AttemptDeletion._meta.fields])


def test_another_schools_attempt_cannot_be_deleted(world):
    other_class = make_class(make_school("t-o", "别校"), name="5班")
    attempt, _created = start_run_attempt(make_run(world["quiz"], other_class), "3")
    teacher = logged_in(world["teacher"])
    assert teacher.get(f"/admin/quizzes/attempts/{attempt.pk}/delete/").status_code == 404
    assert teacher.post(f"/admin/quizzes/attempts/{attempt.pk}/delete/").status_code == 404
    assert Attempt.objects.filter(pk=attempt.pk).exists()


# ---------------------------------------------------------------- nicknames
def test_the_name_field_tells_students_not_to_type_their_real_name_and_runs_take_numbers_by_default(world):
    join = Client().get("/quiz/").content.decode()
    assert "不要输入真实姓名" in join
    form = logged_in(world["teacher"]).get("/admin/quizzes/runs/add/").content.decode()
    assert re.search(r'<option value="numbered" selected>', form)


# ---------------------------------------------------------------- leaderboards
def open_run(client, world, **fields):
    return client.post("/admin/quizzes/runs/add/", {
        "quiz": world["quiz"].pk, "class_group": world["class"].pk, "opens_at": "2026-06-26T09:00",
        "minutes_open": 40, "naming": "numbered", **fields,
    })


def test_a_named_leaderboard_is_refused_for_a_junior_class_with_a_clear_message(world):
    from quizzes.models import QuizRun

    teacher = logged_in(world["teacher"])
    response = open_run(teacher, world, leaderboard="named")
    body = response.content.decode()
    assert response.status_code == 400 and "教育部" in body and "匿名" in body
    # A quiz that asks for names is refused for the class too, unless the run says otherwise.
    world["quiz"].leaderboard = "named"
    world["quiz"].save()
    assert open_run(teacher, world).status_code == 400
    assert open_run(teacher, world, leaderboard="anonymous").status_code == 302
    assert not QuizRun.objects.filter(leaderboard="named").exists()
    # A senior class may have one.
    world["class"].grade = 10
    world["class"].save()
    assert open_run(teacher, world, leaderboard="named").status_code == 302


def test_a_junior_class_never_sees_names_on_the_leaderboard_even_if_stored(world):
    from quizzes.leaderboard import leaderboard

    run = make_run(world["quiz"], world["class"], world["teacher"], naming="nickname", leaderboard="named")
    me = answered_attempt(run, "小明", world["bank"][0])
    assert run.leaderboard_mode == "anonymous"
    assert [row["label"] for row in leaderboard(run, me=me)] == ["小*"]
    page = logged_in(world["teacher"]).get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "小*" in page.split("qa-leaderboard")[1] and "不能使用显示名字的排行榜" in page


def test_the_quiz_editor_refuses_a_named_leaderboard_for_primary_and_junior_questions(world):
    from django.contrib.auth.models import User

    admin = logged_in(User.objects.create_superuser("office-m", password="pw-for-tests-only"))
    data = {
        "title": "初中测验", "title_en": "", "description": "", "time_limit_minutes": 10, "attempts_allowed": 1,
        "pass_mark": 60, "excellent_mark": 90, "shuffle_questions": "on", "shuffle_choices": "on",
        "review_policy": "immediately", "leaderboard": "named",
        "draw_rules-TOTAL_FORMS": 1, "draw_rules-INITIAL_FORMS": 0, "draw_rules-MIN_NUM_FORMS": 0,
        "draw_rules-MAX_NUM_FORMS": 1000, "draw_rules-0-count": 4, "draw_rules-0-tag": "",
        "draw_rules-0-grade_band": "junior", "draw_rules-0-difficulty": "", "draw_rules-0-ORDER": 1,
        "draw_rules-0-id": "", "draw_rules-0-DELETE": "",
        "fixed_questions-TOTAL_FORMS": 0, "fixed_questions-INITIAL_FORMS": 0, "fixed_questions-MIN_NUM_FORMS": 0,
        "fixed_questions-MAX_NUM_FORMS": 1000,
    }
    response = admin.post("/admin/snippets/quizzes/quiz/add/", data)
    assert response.status_code == 200 and "教育部" in response.content.decode()
    assert not Quiz.objects.filter(title="初中测验").exists()
    data["draw_rules-0-grade_band"] = "senior"
    response = admin.post("/admin/snippets/quizzes/quiz/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Quiz.objects.get(title="初中测验").leaderboard == "named"


# ---------------------------------------------------------------- clear words at the edges
def answer_position(phone, attempt, position):
    """The first choice shown, or a word for a fill-in question, as a plain form post."""
    from tests.quizzes.test_student_flow import answer

    shown = attempt.choice_order.get(str(attempt.question_ids[position - 1])) or []
    response = answer(phone, attempt, position, choice=shown[:1], text="" if shown else "禁毒")
    assert response.status_code == 302


def test_handing_in_with_questions_left_asks_first_without_javascript(world):
    from tests.quizzes.test_student_flow import joined

    run = make_run(world["quiz"], world["class"])
    phone = Client()
    attempt = joined(phone, run, "21")
    answer_position(phone, attempt, 1)
    response = phone.post(f"/quiz/a/{attempt.token}/finish/")
    assert response.status_code == 302 and response["Location"] == f"/quiz/a/{attempt.token}/?confirm=1"
    attempt.refresh_from_db()
    assert not attempt.is_finished
    page = phone.get(response["Location"]).content.decode()
    confirm = page.split('class="quiz-confirm"')[1].split("</div>")[0]
    assert "hidden" not in confirm.split(">")[0] and "3 道题没有作答，仍然交卷吗？" in confirm
    assert f'href="/quiz/a/{attempt.token}/q/2/"' in confirm  # back to the first question left
    assert phone.post(f"/quiz/a/{attempt.token}/finish/", {"confirm": "1"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_finished


def test_with_every_question_answered_the_form_hands_in_at_once(world):
    from tests.quizzes.test_student_flow import joined

    run = make_run(world["quiz"], world["class"])
    phone = Client()
    attempt = joined(phone, run, "22")
    for position in range(1, len(attempt.question_ids) + 1):
        answer_position(phone, attempt, position)
    page = phone.get(f"/quiz/a/{attempt.token}/").content.decode()
    form = page.split('class="quiz-finish"')[1].split("</form>")[0]
    assert '<input type="hidden" name="confirm" value="1">' in form  # not disabled: nothing to ask
    response = phone.post(f"/quiz/a/{attempt.token}/finish/")
    assert response["Location"].endswith("/result/")


def test_closing_a_run_while_students_answer_asks_and_says_how_many(world):
    from quizzes.models import QuizRun

    run = make_run(world["quiz"], world["class"], world["teacher"])
    for name in ("1", "2", "3"):
        start_run_attempt(run, name)
    answered_attempt(run, "4", world["bank"][0])  # handed in: not counted
    teacher = logged_in(world["teacher"])
    response = teacher.post(f"/admin/quizzes/runs/{run.pk}/close/")
    body = response.content.decode()
    assert response.status_code == 200 and "3 名学生正在作答" in body
    assert not QuizRun.objects.get(pk=run.pk).closed
    response = teacher.post(f"/admin/quizzes/runs/{run.pk}/close/", {"confirm": "1"})
    assert response.status_code == 302
    assert QuizRun.objects.get(pk=run.pk).closed
    assert not Attempt.objects.filter(run=run, finished_at__isnull=True).exists()


def test_closing_a_run_nobody_is_answering_needs_no_confirmation(world):
    from quizzes.models import QuizRun

    run = make_run(world["quiz"], world["class"], world["teacher"])
    answered_attempt(run, "4", world["bank"][0])
    assert logged_in(world["teacher"]).post(f"/admin/quizzes/runs/{run.pk}/close/").status_code == 302
    assert QuizRun.objects.get(pk=run.pk).closed


# ---------------------------------------------------------------- the teacher's guide
def test_the_teachers_guide_is_linked_from_the_teachers_pages_and_states_the_basis_and_retention(world):
    from pathlib import Path

    from django.conf import settings

    teacher = logged_in(world["teacher"])
    assert "/admin/quizzes/guide/" in teacher.get("/admin/quizzes/").content.decode()
    run = make_run(world["quiz"], world["class"], world["teacher"])
    assert "/admin/quizzes/guide/" in teacher.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    guide = teacher.get("/admin/quizzes/guide/").content.decode()
    assert "《中华人民共和国禁毒法》第十三条" in guide
    assert "7 月 15 日" in guide and "10 月 13 日" in guide and 'id="deletion"' in guide
    document = (Path(settings.BASE_DIR) / "docs" / "teachers-guide.md").read_text()
    assert "## 重复作答 / Attempts" in document and "第十三条" in document
