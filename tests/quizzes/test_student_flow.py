"""A student joins with a code, answers one question per screen with plain
form posts, finishes, and reads the review when the quiz allows it."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from quizzes.models import Answer, Attempt, Question
from quizzes.tasks import finalise_overdue
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, paper_fields

pytestmark = pytest.mark.django_db

SECRETS = ["EXPLANATION-MARKER", "ACCEPTED626", "六二六", "is_correct", "is-correct", "correct answer", "正确答案"]


@pytest.fixture
def bank():
    questions = make_bank()
    for q in questions:
        q.explanation = "EXPLANATION-MARKER " + q.stem
        q.save()
    return questions


@pytest.fixture
def run(bank):
    return make_run(make_quiz(bank, shuffle_questions=False), make_class(make_school()))


def join(client, code, name="12"):
    return client.post("/quiz/", {"code": code, "name": name})


def joined(client, run, name="12"):
    response = join(client, run.join_code, name)
    assert response.status_code == 302, response.content.decode()[:500]
    return Attempt.objects.get(run=run, display_name=name)


def answer(client, attempt, position, seq=1, choice=(), text="", go="next"):
    """``position``: a number, or the question itself (the draw orders questions by the seed)."""
    if not isinstance(position, int):
        position = attempt.question_ids.index(position.pk) + 1
    qid = attempt.question_ids[position - 1]
    return client.post(f"/quiz/a/{attempt.token}/q/{position}/",
                       paper_fields(attempt, qid, choice, seq=seq, text=text, go=go))


def correct_choice(question):
    return [c.pk for c in question.choices.all() if c.is_correct]


def test_the_join_page_has_no_real_name_phone_or_id_field_and_is_never_cached():
    response = Client().get("/quiz/")
    body = response.content.decode()
    assert response.status_code == 200
    assert set(re.findall(r'<input[^>]* name="(\w+)"', body)) - {"csrfmiddlewaretoken", "q"} == {"code", "name"}
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_wrong_code_says_so_and_the_devices_eleventh_is_refused_even_with_the_right_code(run):
    client = Client()
    client.get("/quiz/")  # the phone's device id comes with the page
    wrong = "999999" if run.join_code != "999999" else "999998"
    # All within one window of the clock (the count is per ten minutes).
    window = (int(time.time() // 600) + 1) * 600  # the next ten minutes; the run is open for an hour
    with time_machine.travel(window + 5, tick=False):
        response = join(client, wrong)
        assert response.status_code == 404
        assert "没有使用这个加入码的开放答题" in response.content.decode()
        for _ in range(9):
            join(client, wrong)
        response = join(client, run.join_code)
        assert response.status_code == 429
        assert "这台设备输错加入码次数太多" in response.content.decode()
        assert Attempt.objects.count() == 0
        # Another phone is not held up by this one's typos.
        assert join(Client(), run.join_code).status_code == 302
    # The next window lets the first phone try again.
    with time_machine.travel(window + 605, tick=False):
        assert join(client, run.join_code, "13").status_code == 302


def test_a_numbered_run_wants_a_class_number_not_a_phone_number(run):
    response = join(Client(), run.join_code, "13800138000")
    assert response.status_code == 400
    assert "请输入班内学号" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_rejoining_resumes_the_same_attempt_from_this_device_or_another(run):
    phone = Client()
    attempt = joined(phone, run)
    cookie = phone.cookies["quiz_attempts"]
    assert cookie["httponly"]
    again = join(phone, run.join_code, "12")
    assert again.status_code == 302 and attempt.token in again["Location"]
    # Another device (or a cleared cookie) is told the number is taken: it may be a classmate's typo.
    other = join(Client(), run.join_code, "12")
    assert other.status_code == 409
    assert "12 号已经加入了这场答题" in other.content.decode()
    assert Attempt.objects.count() == 1


def test_each_answer_is_its_own_row_and_a_resend_stores_nothing_new(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    first = bank[0]
    wrong = [c.pk for c in first.choices.all() if not c.is_correct][0]
    assert answer(phone, attempt, first, seq=1, choice=[wrong]).status_code == 302
    assert answer(phone, attempt, first, seq=1, choice=[wrong]).status_code == 302
    assert Answer.objects.filter(attempt=attempt).count() == 1
    assert answer(phone, attempt, first, seq=2, choice=correct_choice(first)).status_code == 302
    # The first answer arriving late (seq 1 with other content) never overwrites seq 2.
    late = answer(phone, attempt, first, seq=1, choice=correct_choice(first))
    assert late.status_code == 409
    assert Answer.objects.filter(attempt=attempt).count() == 2
    position = attempt.question_ids.index(first.pk) + 1
    page = phone.get(f"/quiz/a/{attempt.token}/q/{position}/").content.decode()
    assert re.search(rf'value="{paper_fields(attempt, first.pk, correct_choice(first))["choice"][0]}" checked', page)
    assert 'name="seq" value="3"' in page


def test_bad_answers_are_refused_and_nothing_is_stored(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    other = joined(Client(), run, "13")
    url = f"/quiz/a/{attempt.token}/q/{attempt.question_ids.index(bank[0].pk) + 1}/"
    foreign_choice = correct_choice(bank[1])[0]
    fields = paper_fields(attempt, bank[0].pk, seq=1)
    # A choice of another question, as this paper would write it; a bank id; another paper's value.
    assert phone.post(url, {**fields, "choice": paper_fields(attempt, bank[1].pk, [foreign_choice])["choice"]}).status_code == 400
    assert phone.post(url, {**fields, "choice": correct_choice(bank[0])}).status_code == 400
    assert phone.post(url, {**fields, "choice": paper_fields(other, bank[0].pk, correct_choice(bank[0]))["choice"]}).status_code == 400
    assert phone.post(url, {**fields, "question": 999999, "choice": []}).status_code == 400
    assert phone.post(url, {**fields, "seq": "x"}).status_code == 400
    two = correct_choice(bank[0]) + [c.pk for c in bank[0].choices.all() if not c.is_correct][:1]
    assert phone.post(url, paper_fields(attempt, bank[0].pk, two, seq=1)).status_code == 400
    # Another student's attempt, and a made-up one, are not there for this phone.
    assert phone.post(f"/quiz/a/{other.token}/q/1/", {"question": 1, "seq": 1}).status_code == 404
    assert phone.get("/quiz/a/forged-token/q/1/").status_code == 404
    assert phone.post(f"/quiz/a/{other.token}/finish/").status_code == 404
    assert Answer.objects.count() == 0


def test_answers_after_the_deadline_are_refused_and_the_attempt_is_marked(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    answer(phone, attempt, bank[0], seq=1, choice=correct_choice(bank[0]))
    with time_machine.travel(attempt.deadline + timedelta(seconds=11)):
        late = answer(phone, attempt, bank[1], seq=1, choice=correct_choice(bank[1]))
        assert late.status_code == 409
        assert "时间到" in late.content.decode()
    assert Answer.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.points == 1.0 and attempt.finished_at == attempt.deadline


def test_within_the_grace_after_the_deadline_an_answer_still_counts(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    with time_machine.travel(attempt.deadline + timedelta(seconds=5)):
        assert answer(phone, attempt, bank[0], seq=1, choice=correct_choice(bank[0])).status_code == 302
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_finishing_marks_on_the_server_and_a_double_finish_gives_one_result(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    answer(phone, attempt, bank[0], choice=correct_choice(bank[0]))
    answer(phone, attempt, bank[1], choice=correct_choice(bank[1])[:1])  # half of a multi-select: 0
    answer(phone, attempt, bank[2], choice=correct_choice(bank[2]))
    answer(phone, attempt, bank[3], text="ａｃｃｅｐｔｅｄ ６２６", go="finish")
    first = phone.post(f"/quiz/a/{attempt.token}/finish/")
    attempt.refresh_from_db()
    finished_at = attempt.finished_at
    second = phone.post(f"/quiz/a/{attempt.token}/finish/")
    attempt.refresh_from_db()
    assert first.status_code == second.status_code == 302
    assert attempt.finished_at == finished_at
    assert (attempt.points, attempt.max_points, attempt.score) == (3.0, 4.0, 75.0)
    result = phone.get(f"/quiz/a/{attempt.token}/result/").content.decode()
    assert "75" in result and "EXPLANATION-MARKER" in result
    # Finished: further answers are refused.
    assert answer(phone, attempt, bank[1], seq=5, choice=correct_choice(bank[1])).status_code == 409


def test_the_review_marks_each_answer_against_the_key(run, bank):
    single, multiple, true_false, fill_in = bank
    phone = Client()
    attempt = joined(phone, run)
    wrong = single.choices.get(text="乙")
    answer(phone, attempt, single, choice=[wrong.pk])
    answer(phone, attempt, multiple, choice=correct_choice(multiple))
    answer(phone, attempt, fill_in, text="<b>随便写</b>")
    phone.post(f"/quiz/a/{attempt.token}/finish/", {"confirm": "1"})  # one question left: handed in anyway
    body = phone.get(f"/quiz/a/{attempt.token}/result/").content.decode()

    by_stem = {stem: mark for mark, stem in re.findall(
        r'<li class="quiz-review__item is-(\w+)"><p class="quiz-stem">([^<]+)</p>', body)}
    assert by_stem == {"单选题干甲": "wrong", "多选题干乙": "right", "判断题干丙": "wrong", "填空题干丁": "wrong"}
    # The student's wrong choice and the right one, each marked as such.
    assert '<li class="is-chosen">乙 <span class="quiz-tag quiz-tag--you">' in body
    assert '<li class="is-correct">✓甲 <span class="quiz-tag">' in body
    assert body.count('<li class="is-correct is-chosen">') == 2  # both right choices of the multi-select
    # The typed answer as text, never as markup; what would have been accepted.
    assert "你的答案：&lt;b&gt;随便写&lt;/b&gt;" in body and "<b>随便写" not in body
    assert "参考答案：ACCEPTED626 / 六二六" in body
    assert body.count("EXPLANATION-MARKER") == 4 and "出处：《禁毒法》第二条" in body


def test_no_answer_key_in_any_page_before_review(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    pages = [phone.get("/quiz/"), phone.get(f"/quiz/a/{attempt.token}/")]
    pages += [phone.get(f"/quiz/a/{attempt.token}/q/{n}/") for n in range(1, 5)]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        leaked = [s for s in SECRETS if s in body]
        assert not leaked, (response.request["PATH_INFO"], leaked)


@pytest.mark.parametrize("policy", ["never", "after_close"])
def test_the_review_waits_for_the_policy(run, bank, policy):
    run.quiz.review_policy = policy
    run.quiz.save()
    phone = Client()
    attempt = joined(phone, run)
    phone.post(f"/quiz/a/{attempt.token}/finish/", {"confirm": "1"})
    body = phone.get(f"/quiz/a/{attempt.token}/result/").content.decode()
    assert not [s for s in SECRETS if s in body]
    with time_machine.travel(run.closes_at + timedelta(minutes=1)):
        body = phone.get(f"/quiz/a/{attempt.token}/result/").content.decode()
        assert ("EXPLANATION-MARKER" in body) == (policy == "after_close")


def test_the_task_marks_overdue_attempts_and_closes_runs_once(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    answer(phone, attempt, bank[0], choice=correct_choice(bank[0]))
    assert finalise_overdue() == 0
    later = max(attempt.deadline, run.closes_at) + timedelta(minutes=1)
    assert finalise_overdue(now=later) == 1
    assert finalise_overdue(now=later) == 0
    attempt.refresh_from_db()
    run.refresh_from_db()
    assert attempt.points == 1.0 and run.closed


def test_the_schedule_is_made_once_by_name():
    from django_q.models import Schedule

    call_command("migrate", "quizzes", verbosity=0)
    from core.schedules import ensure_schedules

    ensure_schedules()
    ensure_schedules()
    assert Schedule.objects.filter(name="quizzes:finalise_overdue").count() == 1


def test_the_public_practice_needs_no_code(bank):
    Question.objects.filter(pk__in=[q.pk for q in bank]).update(practice=True)  # what practice draws from
    quiz = make_quiz(bank, title="练习", is_practice=True)
    phone = Client()
    assert "练习" in phone.get("/quiz/").content.decode()
    response = phone.post(f"/quiz/practice/{quiz.pk}/", {"name": ""})
    assert response.status_code == 302
    attempt = Attempt.objects.get(quiz=quiz, run=None)
    assert attempt.token in response["Location"]
    assert timezone.now() < attempt.deadline


def test_the_classroom_qr_link_fills_in_the_code(run):
    body = Client().get(f"/quiz/?code={run.join_code}").content.decode()
    assert f'value="{run.join_code}"' in body


def test_the_script_resends_answers_safely_as_json(run, bank):
    """static/js/quiz.js posts with Accept: application/json and may send an
    answer twice: one row, and an older answer after a newer one is refused."""
    phone = Client()
    attempt = joined(phone, run)
    position = attempt.question_ids.index(bank[0].pk) + 1
    url = f"/quiz/a/{attempt.token}/q/{position}/"
    data = paper_fields(attempt, bank[0].pk, correct_choice(bank[0]), seq=2)
    first = phone.post(url, data, HTTP_ACCEPT="application/json")
    again = phone.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == again.status_code == 200 and first.json() == {"saved": True}
    older = phone.post(url, {**data, "seq": 1}, HTTP_ACCEPT="application/json")
    assert older.status_code == 409 and older.json()["saved"] is False
    foreign = phone.post(url, {**data, "seq": 3, "choice": paper_fields(attempt, bank[1].pk, correct_choice(bank[1]))["choice"]},
                         HTTP_ACCEPT="application/json")
    assert foreign.status_code == 400
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_the_paper_comes_whole_and_shows_one_question_without_javascript(run, bank):
    phone = Client()
    attempt = joined(phone, run)
    page = phone.get(f"/quiz/a/{attempt.token}/q/2/").content.decode()
    sections = re.findall(r'<section class="quiz-item" id="q(\d+)"[^>]*?( hidden)?>', page)
    # Every question is on the page, each form posting to its own URL; only
    # the question of this URL is shown (the script shows the others in place).
    assert [int(n) for n, _hidden in sections] == list(range(1, len(bank) + 1))
    assert [n for n, hidden in sections if not hidden] == ["2"]
    for position in range(1, len(bank) + 1):
        assert f'action="/quiz/a/{attempt.token}/q/{position}/"' in page
    assert all(q.stem in page for q in bank)
    # Answered from the page of question 2, question 3's form still works as a plain post.
    third = Question.objects.get(pk=attempt.question_ids[2])
    response = answer(phone, attempt, 3, choice=correct_choice(third)[:1], text="六二六")
    assert response.status_code == 302 and response["Location"].endswith("/q/4/")
    assert Answer.objects.filter(attempt=attempt, question=third).exists()
