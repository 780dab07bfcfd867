"""Students' data: kept through the school year plus 90 days, then
anonymised by a daily task; one attempt deleted on a teacher's request, with
a record that does not name the student; no named leaderboard for primary
and junior classes; confirmations before handing in with questions left
and before closing a run while students answer."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from quizzes.models import Answer, Attempt, Certificate
from quizzes.retention import anonymise_expired_attempts
from quizzes.services import finish_attempt, record_answer, start_practice_attempt, start_run_attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher

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
        practice = start_practice_attempt(make_quiz(world["bank"], title="练习", is_practice=True), "PRACTICE-NICK")
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
