"""What happens to attempts: start, answer, finish. Views and tasks call these."""

import random
import secrets
import time
from datetime import timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Locale

from quizzes.draw import draw_question_ids, order_choices
from quizzes.models import Answer, Attempt, Choice, Question, Quiz
from quizzes.scoring import percent, score_answer


class AnswerRejected(Exception):
    """An answer the attempt must not take; ``status`` is the HTTP answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def source_questions():
    """Active questions of the default language: attempts point at these."""
    return Question.objects.filter(active=True, locale=Locale.get_default())


def draw_pools(quiz: Quiz):
    """([(count, pool ids)], fixed ids or None) for ``quiz``."""
    fixed = list(quiz.fixed_questions.order_by("sort_order").values_list("question_id", flat=True))
    if fixed:
        return [], fixed
    rules = []
    for rule in quiz.draw_rules.order_by("sort_order"):
        pool = source_questions()
        if rule.tag:
            pool = pool.filter(tags__name=rule.tag)
        if rule.grade_band:
            pool = pool.filter(grade_band=rule.grade_band)
        if rule.difficulty:
            pool = pool.filter(difficulty=rule.difficulty)
        rules.append((rule.count, list(pool.values_list("pk", flat=True).distinct())))
    return rules, None


def plan_attempt(quiz: Quiz, seed: int) -> tuple[list[int], dict]:
    rules, fixed = draw_pools(quiz)
    question_ids = draw_question_ids(seed, rules, fixed, quiz.shuffle_questions)
    kinds = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "kind"))
    choices = {qid: [] for qid in question_ids}
    for qid, cid in Choice.objects.filter(question_id__in=question_ids).values_list("question_id", "pk"):
        choices[qid].append(cid)
    return question_ids, order_choices(seed, choices, kinds, quiz.shuffle_choices)


def new_attempt(quiz, display_name, run=None, number=1, now=None) -> Attempt:
    now = now or timezone.now()
    seed = secrets.randbits(62)
    question_ids, choice_order = plan_attempt(quiz, seed)
    deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    if run is not None:
        deadline = min(deadline, run.closes_at)
    return Attempt(
        run=run, quiz=quiz, token=Attempt.new_token(), display_name=display_name, number=number, seed=seed,
        question_ids=question_ids, choice_order=choice_order, started_at=now, deadline=deadline,
    )


def start_run_attempt(run, display_name) -> tuple[Attempt, bool]:
    """(the attempt, created). A second start for the same student in the run
    finds the first one: the unique constraint decides a race.

    SQLite answers "database table is locked" to some writers when a whole
    class starts in the same second (shared-cache and lock-upgrade cases its
    busy timeout does not cover): the start is tried again, briefly.
    """
    for delay in (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, None):
        try:
            return _start_run_attempt(run, display_name)
        except OperationalError as error:
            if delay is None or "locked" not in str(error):
                raise
            time.sleep(delay * (1 + random.random()))
    raise AssertionError("unreachable")


def _start_run_attempt(run, display_name) -> tuple[Attempt, bool]:
    existing = Attempt.objects.filter(run=run, display_name=display_name).order_by("-number").first()
    if existing is not None:
        return existing, False
    attempt = new_attempt(run.quiz, display_name, run=run)
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        return Attempt.objects.get(run=run, display_name=display_name, number=1), False
    return attempt, True


def attempts_left(attempt: Attempt, now=None) -> int:
    """How many more attempts the student behind a finished run attempt may start now."""
    if attempt.run_id is None or not attempt.is_finished or not attempt.run.is_open(now):
        return 0
    latest = Attempt.objects.filter(run_id=attempt.run_id, display_name=attempt.display_name).aggregate(
        m=Max("number"))["m"] or attempt.number
    if latest != attempt.number:
        return 0  # only the latest attempt leads on to another
    return max(0, attempt.quiz.attempts_allowed - attempt.number)


def start_next_attempt(attempt: Attempt) -> Attempt | None:
    """The student's next attempt after a finished one, within the quiz's
    limit; None when none is left. A double tap makes one attempt: the unique
    (run, student, number) constraint decides."""
    if attempts_left(attempt) < 1:
        return None
    following = new_attempt(attempt.quiz, attempt.display_name, run=attempt.run, number=attempt.number + 1)
    try:
        with transaction.atomic():
            following.save()
    except IntegrityError:
        return Attempt.objects.get(run_id=attempt.run_id, display_name=attempt.display_name,
                                   number=attempt.number + 1)
    return following


def start_practice_attempt(quiz, display_name) -> Attempt:
    attempt = new_attempt(quiz, display_name)
    attempt.save()
    return attempt


def record_answer(attempt: Attempt, question_id, choice_ids, text, seq, now=None) -> Answer:
    """Store one answer as its own row (committed before the caller replies).

    Raises AnswerRejected for an answer the attempt must not take: nothing is stored.
    """
    now = now or timezone.now()
    if attempt.is_finished:
        raise AnswerRejected("finished", 409)
    if not attempt.accepts_answers(now):
        raise AnswerRejected("overdue", 409)
    try:
        question_id = int(question_id)
        seq = int(seq)
        choice_ids = [int(c) for c in choice_ids]
    except (TypeError, ValueError):
        raise AnswerRejected("malformed") from None
    if question_id not in attempt.question_ids:
        raise AnswerRejected("question", 404)
    if seq < 1 or seq > 1_000_000:
        raise AnswerRejected("malformed")
    allowed = set(attempt.choice_order.get(str(question_id), []))
    if not set(choice_ids) <= allowed:
        raise AnswerRejected("choice")
    kind = Question.objects.values_list("kind", flat=True).get(pk=question_id)
    if kind in ("single", "true_false") and len(choice_ids) > 1:
        raise AnswerRejected("malformed")
    text = (text or "").strip()[:200]
    choice_ids = sorted(set(choice_ids))
    with transaction.atomic():
        previous = Answer.objects.filter(attempt=attempt, question_id=question_id, seq__gte=seq)
        same = previous.filter(seq=seq).first()
        if same is not None:
            if same.same_as(choice_ids, text):
                return same  # a resend: already stored
            raise AnswerRejected("conflict", 409)
        if previous.exists():
            raise AnswerRejected("stale", 409)
        try:
            with transaction.atomic():
                return Answer.objects.create(attempt=attempt, question_id=question_id, seq=seq,
                                             choice_ids=choice_ids, text=text)
        except IntegrityError:
            same = Answer.objects.get(attempt=attempt, question_id=question_id, seq=seq)
            if same.same_as(choice_ids, text):
                return same
            raise AnswerRejected("conflict", 409) from None


def current_answers(attempt_ids) -> dict:
    """{(attempt id, question id): Answer} with the highest seq of each."""
    latest = {}
    for answer in Answer.objects.filter(attempt_id__in=list(attempt_ids)).order_by("seq"):
        latest[(answer.attempt_id, answer.question_id)] = answer
    return latest


def next_seq(attempt: Attempt, question_id) -> int:
    top = Answer.objects.filter(attempt=attempt, question_id=question_id).aggregate(m=Max("seq"))["m"]
    return (top or 0) + 1


def item_points(attempt: Attempt, answers: dict, questions: dict) -> dict:
    """{question id: points 0..1} of a finished or running attempt."""
    points = {}
    for qid in attempt.question_ids:
        question = questions.get(qid)
        answer = answers.get((attempt.pk, qid))
        if question is None or answer is None:
            points[qid] = 0.0
            continue
        points[qid] = score_answer(
            question.kind, question.correct_choice_ids(), question.accepted_list(), answer.choice_ids,
            answer.text, attempt.quiz.partial_credit,
        )
    return points


def questions_by_id(ids) -> dict:
    return {q.pk: q for q in Question.objects.filter(pk__in=list(ids)).prefetch_related("choices")}


def finish_attempt(attempt_id, now=None) -> Attempt:
    """Mark and close an attempt; a second call returns the first result."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt_id)
        if attempt.is_finished:
            return attempt
        points = item_points(attempt, current_answers([attempt.pk]), questions_by_id(attempt.question_ids))
        attempt.points = sum(points.values())
        attempt.max_points = float(len(attempt.question_ids))
        attempt.score = percent(attempt.points, attempt.max_points)
        # Past the deadline the attempt ends at the deadline (the sweep may run late).
        attempt.finished_at = min(now, attempt.deadline)
        attempt.save(update_fields=["points", "max_points", "score", "finished_at"])
    return attempt
