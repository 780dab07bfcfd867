"""The answering pages keep the bank and the draw inputs in each worker's
memory (quizzes/services.py): an editor's change must still show at once,
and a class's answers must not make the site's cached pages stale."""

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from core.caching import current_generation
from quizzes.models import Answer, Attempt, Choice, DrawRule, Question
from tests.quizzes.builders import make_class, make_question, make_quiz, make_run, make_school, paper_fields

pytestmark = pytest.mark.django_db


def joined(client, run, name="12"):
    response = client.post("/quiz/", {"code": run.join_code, "name": name})
    assert response.status_code == 302, response.content.decode()[:500]
    return Attempt.objects.get(run=run, display_name=name)


@pytest.fixture
def question():
    return make_question("哪一种是毒品？", choices=(("海洛因", True), ("咖啡", False)))


@pytest.fixture
def run(question):
    return make_run(make_quiz([question]), make_class(make_school()))


def test_an_edit_to_a_question_shows_on_the_next_page_view(run, question):
    phone = Client()
    attempt = joined(phone, run)
    url = f"/quiz/a/{attempt.token}/q/1/"
    assert "哪一种是毒品？" in phone.get(url).content.decode()

    question.stem = "下列哪一种属于毒品？"
    question.save()
    choice = question.choices.get(text="咖啡")
    choice.text = "奶茶"
    choice.save()

    page = phone.get(url).content.decode()
    assert "下列哪一种属于毒品？" in page and "奶茶" in page
    assert "咖啡" not in page


def test_a_translation_saved_during_a_run_shows_in_english(run, question):
    phone = Client()
    attempt = joined(phone, run)
    url = f"/en/quiz/a/{attempt.token}/q/1/"
    assert "哪一种是毒品？" in phone.get(url).content.decode()  # no translation yet: the source text

    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = question.copy_for_translation(english)  # with its choices, as wagtail-localize makes it
    translated.stem = "Which one is a drug?"
    translated.save()
    for choice in Choice.objects.filter(question=translated):
        choice.text = {"海洛因": "Heroin", "咖啡": "Coffee"}[choice.text]
        choice.save()

    page = phone.get(url).content.decode()
    assert "Which one is a drug?" in page and "Heroin" in page and "Coffee" in page


def test_a_run_closed_by_its_teacher_takes_no_more_answers(run, question):
    phone = Client()
    attempt = joined(phone, run)
    right = question.choices.get(is_correct=True).pk
    run.closed = True
    run.save()
    response = phone.post(f"/quiz/a/{attempt.token}/q/1/", paper_fields(attempt, question.pk, [right], seq=1),
                          HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and response.json()["saved"] is False and response.json()["error"] == "closed"
    assert "不再接受作答" in response.json()["message"]
    assert not Answer.objects.exists()


def test_a_changed_draw_rule_applies_to_the_next_student(run, question):
    question.tags.add("六一")
    question.save()
    other = make_question("第二个题库的题目", tags=["六二六"])
    rule = DrawRule.objects.get(quiz=run.quiz)
    rule.tag = "六一"  # one question of the two: the draw has no choice to make
    rule.save()
    first = joined(Client(), run, "11")
    assert first.question_ids == [question.pk]

    rule.tag = "六二六"
    rule.save()

    second = joined(Client(), run, "12")
    assert second.question_ids == [other.pk]


def test_answers_leave_the_sites_cached_pages_alone_and_a_bank_edit_does_not(run, question):
    phone = Client()
    attempt = joined(phone, run)
    before = current_generation()
    right = question.choices.get(is_correct=True).pk
    assert phone.post(f"/quiz/a/{attempt.token}/q/1/",
                      paper_fields(attempt, question.pk, [right], seq=1)).status_code == 302
    phone.post(f"/quiz/a/{attempt.token}/finish/")
    assert Attempt.objects.get(pk=attempt.pk).finished_at <= timezone.now()
    assert current_generation() == before

    Question.objects.get(pk=question.pk).save()
    assert current_generation() > before
