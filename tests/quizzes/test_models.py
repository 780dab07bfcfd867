"""The bank, runs and attempts in the database."""

import pytest
from django.db import IntegrityError, transaction

from quizzes.models import Attempt, QuizRun
from quizzes.services import plan_attempt, start_run_attempt
from tests.quizzes.builders import make_bank, make_class, make_question, make_quiz, make_run, make_school

pytestmark = pytest.mark.django_db


def test_a_join_code_is_six_digits_and_unique_among_open_runs():
    quiz = make_quiz(make_bank())
    group = make_class(make_school())
    run = make_run(quiz, group)
    assert len(run.join_code) == 6 and run.join_code.isdigit()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizRun.objects.create(quiz=quiz, class_group=group, closes_at=run.closes_at, join_code=run.join_code)
    # A closed run's code may be drawn again.
    run.closed = True
    run.save()
    again = QuizRun.objects.create(quiz=quiz, class_group=group, closes_at=run.closes_at, join_code=run.join_code)
    assert again.join_code == run.join_code


def test_the_plan_is_drawn_from_the_seed_and_inactive_questions_are_left_out():
    bank = make_bank()
    hidden = make_question("停用的题", choices=(("a", True), ("b", False)))
    hidden.active = False
    hidden.save()
    quiz = make_quiz(bank + [hidden])
    ids, order = plan_attempt(quiz, 42)
    assert sorted(ids) == sorted(q.pk for q in bank)
    assert (ids, order) == plan_attempt(quiz, 42)
    assert sorted(order[str(bank[0].pk)]) == sorted(c.pk for c in bank[0].choices.all())
    assert order[str(bank[3].pk)] == []


def test_a_second_start_for_the_same_student_finds_the_first_attempt():
    run = make_run(make_quiz(make_bank()), make_class(make_school()))
    first, created = start_run_attempt(run, "12")
    second, created_again = start_run_attempt(run, "12")
    assert created and not created_again and first.pk == second.pk
    assert Attempt.objects.count() == 1
    assert first.deadline <= run.closes_at
