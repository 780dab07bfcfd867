"""The demo: a bank of cited questions in three languages, a practice quiz,
and finished class runs whose results show real figures; loading twice
changes nothing."""

import html
import re

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import Locale

from core.demo.registry import load_registry
from quizzes import demo
from quizzes.models import Answer, Attempt, Question, Quiz, QuizRun
from quizzes.results import run_results


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    from tests.utils import shared_test_data

    with shared_test_data(django_db_blocker):
        for code in ("zh-hans", "en", "zh-hant"):
            Locale.objects.get_or_create(language_code=code)
        load_registry()
        demo.load()
        yield


pytestmark = pytest.mark.django_db


def test_the_bank_has_sixty_cited_questions_in_three_languages(demo_data):
    source = Question.objects.filter(locale__language_code="zh-hans", is_demo=True)
    assert source.count() >= 60
    assert not source.filter(source="").exists()
    assert {q.grade_band for q in source} == {"primary", "junior", "senior", "vocational"}
    for code in ("en", "zh-hant"):
        assert Question.objects.filter(locale__language_code=code).count() == source.count()
    article2 = source.get(stem__startswith="根据《禁毒法》，下列哪一项不属于")
    assert "第二条" in article2.source
    english = article2.get_translation(Locale.objects.get(language_code="en"))
    assert english.stem.startswith("Under the Anti-Drug Law")
    assert [c.translation_key for c in english.choices.all()] == [c.translation_key for c in article2.choices.all()]


def test_loading_again_changes_nothing(demo_data):
    counts = (Question.objects.count(), Quiz.objects.count(), QuizRun.objects.count(), Attempt.objects.count(),
              Answer.objects.count())
    demo.load()
    assert counts == (Question.objects.count(), Quiz.objects.count(), QuizRun.objects.count(),
                      Attempt.objects.count(), Answer.objects.count())


def test_the_demo_runs_have_realistic_results(demo_data):
    runs = QuizRun.objects.filter(is_demo=True)
    assert runs.count() == 3
    for run in runs:
        results = run_results(run)
        summary = results["summary"]
        assert summary["finished"] == summary["joined"] > 30
        assert 40 < summary["average"] < 95
        assert 0 < summary["pass_rate"] < 1
        assert any(q["discrimination"] for q in results["questions"])


def test_the_teacher_sees_the_flagged_questions_in_red(demo_data):
    from django.contrib.auth import get_user_model

    teacher = Client()
    teacher.force_login(get_user_model().objects.get(username="teacher"))
    run = QuizRun.objects.filter(is_demo=True, teacher__username="teacher").first()
    flagged = {str(q["number"]) for q in run_results(run)["questions"] if q["flags"]}
    page = teacher.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    chart = page.split('id="fac-title"')[1].split("</svg>")[0]
    red = set(re.findall(r'class="qa-bar qa-bar--flag"><title>(\d+):', chart))
    assert flagged and red == flagged
    assert "红色：下方列表中有提示的题" in page


def test_anyone_can_take_the_practice_quiz_in_english(demo_data):
    quiz = Quiz.objects.get(is_practice=True)
    phone = Client()
    phone.post(f"/en/quiz/practice/{quiz.pk}/", {"name": "Kiwi"})
    attempt = Attempt.objects.get(quiz=quiz, display_name="Kiwi")
    # As the student reads it: entities (&#x27;, &ldquo;, ...) turned back into characters.
    page = html.unescape(phone.get(f"/en/quiz/a/{attempt.token}/q/1/").content.decode())
    first = Question.objects.get(pk=attempt.question_ids[0])
    with translation.override("en"):
        english = first.get_translation(Locale.objects.get(language_code="en"))
    assert english.stem[:20] in page
    assert first.stem not in page


def test_load_initial_data_includes_the_quizzes(demo):
    # `demo` is the run's one `load_initial_data` (tests/conftest.py).
    assert Quiz.objects.filter(is_practice=True).exists()
    assert QuizRun.objects.filter(is_demo=True).count() == 3
