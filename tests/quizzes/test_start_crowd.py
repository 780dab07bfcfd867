"""The start crowd (issue 15): every student of a quiz gets the page around
their paper from one layout written once per worker (quizzes/views.py,
paper_page). What a student sees must be theirs alone: their own links, form
tokens, deadline and paper, exactly as if the page had been written for them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from core.caching import forget_process_memos
from quizzes import paper
from quizzes.models import Attempt
from quizzes.services import shown_question
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIME = re.compile(r'<time datetime="([^"]+)">(\d\d:\d\d)</time>')
CHOICE = re.compile(r'name="choice" value="([0-9a-f]+)"')
GO = datetime(2026, 6, 3, 1, 0, 5, tzinfo=UTC)  # 09:00:05 in Dongguan


def join(client, code, name):
    form = client.get(f"/quiz/?code={code}").content.decode()
    response = client.post("/quiz/", {"code": code, "name": name, "csrfmiddlewaretoken": CSRF.search(form).group(1)})
    assert response.status_code == 302, response.content.decode()[:300]
    return response["Location"]


@pytest.fixture
def run():
    quiz = make_quiz(make_bank(), time_limit_minutes=30)
    with time_machine.travel(GO - timedelta(minutes=5), tick=False):
        return make_run(quiz, make_class(make_school()), minutes=120, naming="nickname")


def test_each_student_gets_their_own_links_tokens_deadline_and_paper_from_the_shared_layout(run):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    # Two students of the class join 35 s apart: the same minutes left, the
    # same layout, but deadlines of their own.
    with time_machine.travel(GO, tick=False):
        first_url = join(first, run.join_code, "小明")
    with time_machine.travel(GO + timedelta(seconds=35), tick=False):
        second_url = join(second, run.join_code, "小红")
    mine = Attempt.objects.get(display_name="小红")
    other = Attempt.objects.get(display_name="小明")
    with time_machine.travel(GO + timedelta(seconds=50), tick=False):
        forget_process_memos()
        first.get(first_url)  # the layout is written for the first student
        shared = second.get(second_url)
        forget_process_memos()
        alone = second.get(second_url)  # the layout written for the second student alone
    page = shared.content.decode()
    assert shared.status_code == 200
    # Nothing of the classmate's: not their token, and their paper's choice values neither.
    assert other.token not in page
    assert mine.token in page and f'action="/quiz/a/{mine.token}/finish/"' in page
    assert page.count(mine.token) == alone.content.decode().count(mine.token)
    # The page is the one written for this student alone, form tokens aside
    # (Django masks the CSRF token afresh on every page).
    assert CSRF.sub("", page) == CSRF.sub("", alone.content.decode())
    # The timer says this student's own deadline, to the second.
    deadline = timezone.localtime(mine.deadline)
    assert TIME.search(page).groups() == (deadline.isoformat(), "09:30")
    assert deadline.second == 40
    # Every form on the page is accepted with its own token: the first answer and the hand-in.
    tokens = CSRF.findall(page)
    assert len(tokens) == len(mine.question_ids) + 1
    action = re.search(r'<section class="quiz-item" id="q1".*?action="([^"]+)"', page, re.S).group(1)
    with time_machine.travel(GO + timedelta(seconds=60), tick=False):
        values = CHOICE.findall(page.split('id="q2"')[0])
        answered = second.post(action, {"csrfmiddlewaretoken": tokens[0], "question": "1", "seq": "1",
                                        "choice": values[:1], "text": "六二六", "go": "next"})
        assert answered.status_code == 302, answered.content.decode()[:300]
        handed_in = second.post(f"/quiz/a/{mine.token}/finish/", {"csrfmiddlewaretoken": tokens[-1], "confirm": "1"})
    assert handed_in.status_code == 302 and handed_in["Location"].endswith("/result/")


def test_the_layout_follows_the_students_answers_and_language(run):
    client = Client()
    with time_machine.travel(GO, tick=False):
        url = join(client, run.join_code, "小刚")
        attempt = Attempt.objects.get(display_name="小刚")
        forget_process_memos()
        before = client.get(url).content.decode()
        client.post(url, {"question": "1", "seq": "1", "text": "六二六",
                          "choice": CHOICE.findall(before.split('id="q2"')[0])[:1], "go": "next"})
        after = client.get(url).content.decode()
        english = client.get(url.replace("/quiz/", "/en/quiz/", 1)).content.decode()
    total = len(attempt.question_ids)
    assert f"还有{total}题未作答" in before.replace(" ", "")
    assert f"还有{total - 1}题未作答" in after.replace(" ", "")
    assert 'lang="en"' in english and "questions are not answered yet" in english
    assert attempt.token in english


# ---------------------------------------------------------------- joining before the start
START = datetime(2026, 6, 3, 1, 0, tzinfo=UTC)  # 09:00 in Dongguan: the start the teacher set


@pytest.fixture
def scheduled():
    """A run the teacher opened at 08:50 to start at 09:00, 30 minutes a paper."""
    quiz = make_quiz(make_bank(), time_limit_minutes=30)
    with time_machine.travel(START - timedelta(minutes=10), tick=False):
        return make_run(quiz, make_class(make_school()), minutes=60, naming="nickname", opens_at=START)


def test_a_student_who_joins_early_waits_and_gets_the_paper_at_the_start(scheduled):
    student = Client(enforce_csrf_checks=True)
    with time_machine.travel(START - timedelta(minutes=3, seconds=20), tick=False):
        url = join(student, scheduled.join_code, "小明")
        waiting = student.get(url)
    attempt = Attempt.objects.get(display_name="小明")
    page = waiting.content.decode()
    assert waiting.status_code == 200
    # The waiting screen: when it starts, counting down (the script reloads it
    # then); without the script, a button to open the paper when told.
    assert "09:00" in page and "开始" in page
    assert 'data-starts-in="200"' in page and ">3:20<" in page
    assert f'<noscript><p><a class="btn btn--primary" href="{url}">打开试卷</a>' in page
    assert 'http-equiv="refresh"' not in page  # no reload the student cannot stop (WCAG 2.2.1)
    # Nothing of the paper before the start: no question, no choice, no form to answer.
    stems = [shown_question(qid).stem for qid in attempt.question_ids]
    assert not any(stem in page for stem in stems)
    assert 'name="choice"' not in page and "quiz-question" not in page
    # The time counts from the start, not from joining.
    assert timezone.localtime(attempt.deadline).strftime("%H:%M:%S") == "09:30:00"

    with time_machine.travel(START + timedelta(seconds=1), tick=False):
        started = student.get(url)
    paper = started.content.decode()
    assert started.status_code == 200
    assert stems[0] in paper and 'id="q1"' in paper
    assert TIME.search(paper).group(2) == "09:30"
    assert "还剩30分钟" in paper.replace(" ", "")
    # The paper made while the student waited is the one written for them now.
    with time_machine.travel(START + timedelta(seconds=1), tick=False):
        forget_process_memos()
        fresh = student.get(url).content.decode()
    assert CSRF.sub("", paper) == CSRF.sub("", fresh)
    # Its forms are accepted: the first answer is stored, and the next load shows it.
    tokens = CSRF.findall(paper)
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        answered = student.post(url, {"csrfmiddlewaretoken": tokens[0], "question": "1", "seq": "1", "text": "六二六",
                                      "choice": CHOICE.findall(paper.split('id="q2"')[0])[:1], "go": "next"},
                                HTTP_ACCEPT="application/json")
        assert answered.json() == {"saved": True}
        again = student.get(url).content.decode()
    assert 'name="seq" value="2"' in again.split('id="q2"')[0]


def test_nothing_is_answered_or_handed_in_before_the_start(scheduled):
    student = Client()
    with time_machine.travel(START - timedelta(minutes=2), tick=False):
        url = join(student, scheduled.join_code, "小红")
        attempt = Attempt.objects.get(display_name="小红")
        key = paper.choice_key(attempt.token)
        qid = attempt.question_ids[0]
        answer = {"question": "1", "seq": "1", "text": "x",
                  "choice": [paper.choice_value(key, cid) for cid in attempt.choice_order[str(qid)][:1]]}
        refused = student.post(url, answer, HTTP_ACCEPT="application/json")
        plain = student.post(url, answer)
        handed_in = student.post(f"/quiz/a/{attempt.token}/finish/", {"confirm": "1"})
        result = student.get(f"/quiz/a/{attempt.token}/result/", follow=True)
    assert refused.status_code == 409 and refused.json()["error"] == "waiting"
    assert "还没有开始" in refused.json()["message"]
    assert plain.status_code == 302 and plain["Location"] == url
    assert handed_in.status_code == 302 and handed_in["Location"] == url
    assert 'data-starts-in="120"' in result.content.decode()
    attempt.refresh_from_db()
    assert attempt.finished_at is None and not attempt.answers.exists()


def test_a_student_who_joins_after_the_start_gets_straight_in(scheduled):
    student = Client()
    with time_machine.travel(START + timedelta(minutes=4), tick=False):
        url = join(student, scheduled.join_code, "小刚")
        page = student.get(url).content.decode()
    attempt = Attempt.objects.get(display_name="小刚")
    assert 'id="q1"' in page and shown_question(attempt.question_ids[0]).stem in page
    assert "data-starts-in" not in page
    # Their own 30 minutes, from joining.
    assert TIME.search(page).group(2) == "09:34"


def test_the_waiting_page_follows_the_language_and_the_paper_comes_in_it(scheduled):
    student = Client()
    with time_machine.travel(START - timedelta(seconds=50), tick=False):
        url = join(student, scheduled.join_code, "Lee").replace("/quiz/", "/en/quiz/", 1)
        waiting = student.get(url).content.decode()
    with time_machine.travel(START + timedelta(seconds=1), tick=False):
        started = student.get(url).content.decode()
    assert 'lang="en"' in waiting and "The quiz starts at 09:00" in waiting
    assert "Keep this page open" in waiting
    assert 'lang="en"' in started and "Question 1 of" in started


def test_a_teacher_sets_the_start_ahead_and_the_class_joins_while_it_waits():
    school = make_school()
    group, quiz = make_class(school), make_quiz(make_bank(), time_limit_minutes=20)
    teacher = Client()
    teacher.force_login(make_teacher("teacher-start", school))
    with time_machine.travel(START - timedelta(minutes=6), tick=False):
        form = teacher.get("/admin/quizzes/runs/add/").content.decode()
        opened = teacher.post("/admin/quizzes/runs/add/", {
            "quiz": quiz.pk, "class_group": group.pk, "opens_at": "2026-06-03T09:00", "minutes_open": 40,
            "naming": "numbered"})
        assert opened.status_code == 302, opened.content.decode()[:2000]
        run_page = teacher.get(opened["Location"]).content.decode()
        student = Client()
        code = re.search(r'<p class="qa-code">(\d{6})</p>', run_page).group(1)
        waiting = student.get(join(student, code, "7")).content.decode()
    assert "开始时间" in form and "保存后学生即可加入" in form
    assert "学生可以加入，正在等待开始" in run_page
    assert 'data-starts-in="360"' in waiting and "20分钟" in waiting.replace(" ", "")
