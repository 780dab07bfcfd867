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
from quizzes.models import Attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school

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
