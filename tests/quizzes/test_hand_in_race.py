"""A hand-in and an answer at the same moment, each on a connection of its
own: the answer is either stored before marking and counted, or refused with
a clear message; never "saved" and then left out of the score while the
statistics count it."""

import threading

import pytest
from django.db import connection, connections

from quizzes.models import Answer, Attempt
from quizzes.results import run_results
from quizzes.services import AnswerRejected, finish_attempt, record_answer, start_run_attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Django's SQLite test database lives in memory with a shared cache, whose
    # table locks fail at once instead of waiting as the deployed file database
    # does (see test_parallel_start.py); CI runs this on PostgreSQL.
    pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory shared-cache SQLite locks whole tables"),
]

ROUNDS = 60


def in_own_connection(work, barrier, outcome, key):
    def run():
        try:
            barrier.wait()
            outcome[key] = work()
        except AnswerRejected as rejected:
            outcome[key] = rejected
        finally:
            connections.close_all()
    return threading.Thread(target=run)


def test_an_answer_sent_while_the_paper_is_handed_in_is_counted_or_refused():
    bank = make_bank()
    run = make_run(make_quiz(bank, attempts_allowed=1), make_class(make_school(), enrolled=99))
    single = bank[0]
    right = [c.pk for c in single.choices.all() if c.is_correct]
    counted = refused = 0
    for number in range(1, ROUNDS + 1):
        attempt, _ = start_run_attempt(run, str(number))
        barrier, outcome = threading.Barrier(2), {}
        threads = [
            in_own_connection(lambda a=attempt: record_answer(a, single.pk, right, "", 1), barrier, outcome, "answer"),
            in_own_connection(lambda a=attempt: finish_attempt(a.pk), barrier, outcome, "finish"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        attempt = Attempt.objects.get(pk=attempt.pk)
        stored = Answer.objects.filter(attempt=attempt).count()
        if outcome["answer"] is True:
            # Told "saved": the score counts it.
            assert stored == 1 and attempt.points == 1, f"round {number}: saved but scored {attempt.points}"
            counted += 1
        else:
            assert isinstance(outcome["answer"], AnswerRejected) and outcome["answer"].message == "finished"
            assert stored == 0 and attempt.points == 0
            refused += 1
    # Both orders happened (otherwise the test proved nothing about the race).
    assert counted and refused, (counted, refused)
    # The teacher's figures read the same answers as the scores.
    results = run_results(run)
    first = next(item for item in results["questions"] if item["question"].pk == single.pk)
    right_text = next(c.text for c in single.choices.all() if c.is_correct)
    assert next(o["count"] for o in first["options"] if o["text"] == right_text) == counted
    assert sum(a.points for a in results["finished"]) == counted
