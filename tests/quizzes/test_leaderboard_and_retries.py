"""Leaderboards (off, anonymous by default, named) for the teacher and for
students once they finish; more than one attempt when the quiz allows it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services import start_run_attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher
from tests.quizzes.test_certificates import answer_all, device_of, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_run():
    quiz = make_quiz(make_bank())
    school = make_school("t-a", "甲中学")
    run = make_run(quiz, make_class(school, enrolled=30), naming="nickname")
    return run, make_teacher("teacher-a", school)


def finished(run, name, score, minutes_ago):
    attempt, _created = start_run_attempt(run, name)
    Attempt.objects.filter(pk=attempt.pk).update(
        finished_at=timezone.now() - timedelta(minutes=minutes_ago), score=score, points=score / 25, max_points=4)
    attempt.refresh_from_db()
    return attempt


def leaderboard_rows(html):
    body = html.split('class="quiz-leaderboard"')[1].split("</table>")[0]
    return body.split("<tr")[2:]


def test_the_default_leaderboard_ranks_by_score_then_finish_time_with_masked_names(class_run):
    run, _teacher = class_run
    assert run.leaderboard_mode == "anonymous"
    finished(run, "小明", 75, minutes_ago=5)
    finished(run, "阿杰", 100, minutes_ago=1)
    me = finished(run, "大熊", 75, minutes_ago=9)  # same score as 小明, finished earlier: ranked above
    page = device_of(me).get(f"/quiz/a/{me.token}/result/").content.decode()
    rows = leaderboard_rows(page)
    assert len(rows) == 3
    assert "阿*" in rows[0] and "100" in rows[0]
    assert "大*" in rows[1] and "is-me" in rows[1] and "75" in rows[1]
    assert "小*" in rows[2]
    assert "小明" not in page and "阿杰" not in page


def senior(run):
    """Named leaderboards are for grades 10–12 only (test_minors_data.py)."""
    run.class_group.grade = 10
    run.class_group.save()


def test_a_named_leaderboard_shows_nicknames_and_off_shows_none(class_run):
    run, teacher = class_run
    senior(run)
    me = finished(run, "小明", 80, minutes_ago=2)
    run.leaderboard = "named"
    run.save()
    page = device_of(me).get(f"/quiz/a/{me.token}/result/").content.decode()
    assert "小明" in leaderboard_rows(page)[0]
    run.quiz.leaderboard = "named"
    run.quiz.save()
    run.leaderboard = "off"
    run.save()
    page = device_of(me).get(f"/quiz/a/{me.token}/result/").content.decode()
    assert "quiz-leaderboard" not in page
    teacher_page = logged_in(teacher).get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "qa-leaderboard" not in teacher_page


def test_the_teacher_sees_the_leaderboard_on_the_run_page(class_run):
    run, teacher = class_run
    finished(run, "小明", 60, minutes_ago=3)
    finished(run, "阿杰", 90, minutes_ago=3)
    page = logged_in(teacher).get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    board = page.split("qa-leaderboard")[1].split("</table>")[0]
    assert board.index("阿*") < board.index("小*")


def test_the_teacher_can_open_a_run_with_a_named_leaderboard(class_run):
    run, teacher = class_run
    senior(run)
    response = logged_in(teacher).post("/admin/quizzes/runs/add/", {
        "quiz": run.quiz.pk, "class_group": run.class_group.pk, "opens_at": "2026-06-26T09:00",
        "minutes_open": 40, "naming": "numbered", "leaderboard": "named",
    })
    assert response.status_code == 302
    from quizzes.models import QuizRun

    assert QuizRun.objects.exclude(pk=run.pk).get().leaderboard_mode == "named"


def test_one_attempt_by_default_and_no_try_again(class_run):
    run, _teacher = class_run
    first = answer_all(start_run_attempt(run, "小明")[0], right=False)
    phone = device_of(first)
    assert "/again/" not in phone.get(f"/quiz/a/{first.token}/result/").content.decode()
    assert phone.post(f"/quiz/a/{first.token}/again/").status_code == 409
    assert Attempt.objects.filter(run=run).count() == 1


def test_a_student_tries_again_up_to_the_limit(class_run):
    run, teacher = class_run
    run.quiz.attempts_allowed = 2
    run.quiz.save()
    first = answer_all(start_run_attempt(run, "小明")[0], right=False)
    phone = device_of(first)
    result = phone.get(f"/quiz/a/{first.token}/result/").content.decode()
    assert f"/quiz/a/{first.token}/again/" in result
    response = phone.post(f"/quiz/a/{first.token}/again/")
    assert response.status_code == 302
    second = Attempt.objects.get(run=run, number=2)
    assert second.token in response["Location"] and not second.is_finished
    # A double tap makes no third attempt, and the second page opens from the same phone.
    assert phone.post(f"/quiz/a/{first.token}/again/").status_code == 409
    assert phone.get(response["Location"]).status_code == 200
    # Rejoining with the code goes to the newest attempt.
    rejoin = phone.post("/quiz/", {"code": run.join_code, "name": "小明"})
    assert second.token in rejoin["Location"]
    second = answer_all(second, right=True)
    assert "/again/" not in phone.get(f"/quiz/a/{second.token}/result/").content.decode()
    assert phone.post(f"/quiz/a/{second.token}/again/").status_code == 409
    assert Attempt.objects.filter(run=run).count() == 2
    # The class figures count the student once, with the first attempt.
    page = logged_in(teacher).get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "<dd>1/30</dd>" in page


def test_no_new_attempt_once_the_run_is_closed(class_run):
    run, _teacher = class_run
    run.quiz.attempts_allowed = 3
    run.quiz.save()
    first = answer_all(start_run_attempt(run, "小明")[0], right=False)
    run.closed = True
    run.save()
    assert device_of(first).post(f"/quiz/a/{first.token}/again/").status_code == 409
    assert Attempt.objects.filter(run=run).count() == 1


def test_a_student_who_finishes_just_after_another_finds_both_on_the_board(class_run):
    # The first result page ranks the run; the second, a moment later, is
    # served from that ranking (a class opens its result pages together) and
    # must still show its own student, ranked by score.
    run, _teacher = class_run
    first = finished(run, "小明", 75, minutes_ago=0)
    assert len(leaderboard_rows(device_of(first).get(f"/quiz/a/{first.token}/result/").content.decode())) == 1
    second, _created = start_run_attempt(run, "阿杰")
    Attempt.objects.filter(pk=second.pk).update(finished_at=timezone.now(), score=100, points=4, max_points=4)
    rows = leaderboard_rows(device_of(second).get(f"/quiz/a/{second.token}/result/").content.decode())
    assert len(rows) == 2
    assert "阿*" in rows[0] and "is-me" in rows[0] and "100" in rows[0]
    assert "小*" in rows[1] and "75" in rows[1]
