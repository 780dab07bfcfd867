"""What happens to attempts: start, answer, finish. Views and tasks call these."""

import random
import secrets
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.caching import process_memo
from core.visibility import active_locale
from quizzes.draw import draw_question_ids, order_choices
from quizzes.forms import check_display_name, normalise_display_name
from quizzes.models import Answer, Attempt, Choice, Question, Quiz
from quizzes.scoring import percent, score_answer


class AnswerRejected(Exception):
    """An answer the attempt must not take; ``status`` is the HTTP answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def source_questions(practice: bool = False):
    """Active questions of the default language: attempts point at these.

    Practice questions (``Question.practice``) for public practice quizzes,
    the others for class quizzes, never both: the practice quiz is open to
    anyone, as often as they like, and shows the answers at once, so a
    question it can draw would be known by heart before any class run."""
    return Question.objects.filter(active=True, locale=Locale.get_default(), practice=practice)


def draw_pools(quiz: Quiz):
    """([(count, pool ids)], fixed ids or None) for ``quiz``."""
    fixed = list(quiz.fixed_questions.order_by("sort_order").values_list("question_id", flat=True))
    if fixed:
        allowed = set(Question.objects.filter(pk__in=fixed, practice=quiz.is_practice).values_list("pk", flat=True))
        return [], [qid for qid in fixed if qid in allowed]
    rules = []
    for rule in quiz.draw_rules.order_by("sort_order"):
        pool = source_questions(quiz.is_practice)
        if rule.tag:
            pool = pool.filter(tags__name=rule.tag)
        if rule.grade_band:
            pool = pool.filter(grade_band=rule.grade_band)
        if rule.difficulty:
            pool = pool.filter(difficulty=rule.difficulty)
        rules.append((rule.count, list(pool.values_list("pk", flat=True).distinct())))
    return rules, None


def _draw_inputs(quiz: Quiz) -> tuple:
    """(rules, fixed ids, {question id: kind}, {question id: choice ids}) of
    every question ``quiz`` can draw. A whole class presses "start" in the
    same second, and these are the same for all of them: kept per worker
    process until the bank or a quiz changes (quizzes registers those models
    as public, so a change moves the generation on)."""
    memo = process_memo("quiz-draw-inputs")
    if quiz.pk not in memo:
        rules, fixed = draw_pools(quiz)
        candidates = set(fixed or ()) | {qid for _count, pool in rules for qid in pool}
        kinds = dict(Question.objects.filter(pk__in=candidates).values_list("pk", "kind"))
        choices = {qid: [] for qid in candidates}
        for qid, cid in Choice.objects.filter(question_id__in=candidates).values_list("question_id", "pk"):
            choices[qid].append(cid)
        memo[quiz.pk] = (rules, fixed, kinds, choices)
    return memo[quiz.pk]


def plan_attempt(quiz: Quiz, seed: int) -> tuple[list[int], dict]:
    rules, fixed, kinds, choices = _draw_inputs(quiz)
    question_ids = draw_question_ids(seed, rules, fixed, quiz.shuffle_questions)
    drawn = {qid: list(choices.get(qid, ())) for qid in question_ids}
    # Choices are shuffled for every attempt, whatever the quiz's old
    # "shuffle choices" setting says: in the order they were written the right
    # one usually comes first, and a student ticking the first passed blind.
    return question_ids, order_choices(seed, drawn, kinds, shuffle=True)


def new_attempt(quiz, display_name, run=None, number=1, now=None, seed=None, clash=0) -> Attempt:
    """A seed is passed only where the draw must repeat (the demo's runs).

    A student who joins a run before its start waits for it: their paper is
    drawn now, and their time starts with the run (issue 15, "The start
    crowd": the joins spread over the minutes before the start)."""
    now = now or timezone.now()
    if run is not None and now < run.opens_at:
        now = run.opens_at
    if seed is None:
        seed = secrets.randbits(62)
    question_ids, choice_order = plan_attempt(quiz, seed)
    deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    if run is not None:
        deadline = min(deadline, run.closes_at)
    return Attempt(
        run=run, quiz=quiz, token=Attempt.new_token(), display_name=display_name, clash=clash, number=number,
        seed=seed, question_ids=question_ids, choice_order=choice_order, started_at=now, deadline=deadline,
    )


def start_run_attempt(run, display_name, same_name_again=False) -> tuple[Attempt, bool]:
    """(the attempt, created). A second start for the same student in the run
    finds the first one: the unique constraint decides a race.

    ``same_name_again``: the student was told that someone has joined with
    this number already and said it is theirs: they get a seat of their own
    (the next ``clash``), flagged to the teacher.

    SQLite answers "database table is locked" to some writers when a whole
    class starts in the same second (shared-cache and lock-upgrade cases its
    busy timeout does not cover): the start is tried again, briefly.
    """
    for delay in (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, None):
        try:
            if same_name_again:
                return _start_clashing_attempt(run, display_name), True
            return _start_run_attempt(run, display_name)
        except OperationalError as error:
            if delay is None or "locked" not in str(error):
                raise
            time.sleep(delay * (1 + random.random()))
    raise AssertionError("unreachable")


def _start_run_attempt(run, display_name) -> tuple[Attempt, bool]:
    # Insert first: nearly every start is a new student, and a class starts
    # together. The unique (run, student, number) constraint finds the others.
    attempt = new_attempt(run.quiz, display_name, run=run)
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
    except IntegrityError:
        return Attempt.objects.filter(run=run, display_name=display_name).order_by("clash", "-number").first(), False
    return attempt, True


def _start_clashing_attempt(run, display_name) -> Attempt:
    # Two students confirming the same number at once both get a seat: the
    # unique constraint sends the slower one to the next clash number.
    for _retry in range(10):
        taken = Attempt.objects.filter(run=run, display_name=display_name).aggregate(m=Max("clash"))["m"]
        attempt = new_attempt(run.quiz, display_name, run=run, clash=0 if taken is None else taken + 1)
        try:
            with transaction.atomic():
                attempt.save(force_insert=True)
        except IntegrityError:
            continue
        return attempt
    raise IntegrityError("no free seat for this name")


class RenumberRefused(Exception):
    """A new class number or nickname the teacher cannot give; the message says why."""


def seat_clashes(run) -> dict:
    """{name: [the first attempt of each student who joined as ``name``], …}
    for the names of ``run`` taken by more than one student, in the order
    they joined."""
    firsts = {}
    for attempt in Attempt.objects.filter(run=run, number=1).order_by("display_name", "started_at", "clash"):
        firsts.setdefault(attempt.display_name, []).append(attempt)
    return {name: students for name, students in firsts.items() if len(students) > 1}


def renumber(attempt: Attempt, new_name: str) -> None:
    """Give the student behind ``attempt`` (every attempt of theirs in the
    run) the class number or nickname ``new_name``, which must be free in the
    run: the teacher settling who is who after a clash."""
    run = attempt.run
    problem = check_display_name(new_name, run.naming)
    if problem:
        raise RenumberRefused(problem)
    new_name = normalise_display_name(new_name, run.naming)
    old_name, clash = attempt.display_name, attempt.clash
    if new_name == old_name:
        return
    with transaction.atomic():
        if Attempt.objects.filter(run=run, display_name=new_name).exists():
            raise RenumberRefused(_("%(name)s is already taken in this run.") % {"name": new_name})
        Attempt.objects.filter(run=run, display_name=old_name, clash=clash).update(display_name=new_name, clash=0)
        _one_student_left(run, old_name)


def remove_unanswered(attempt: Attempt) -> bool:
    """Delete ``attempt`` when it shares its name with another student's and
    holds no answer: one student who joined again on a second device. True
    when deleted; an attempt with answers, or alone on its name, is kept."""
    with transaction.atomic():
        others = Attempt.objects.filter(run_id=attempt.run_id, display_name=attempt.display_name).exclude(
            clash=attempt.clash)
        if attempt.is_finished or not others.exists() or Answer.objects.filter(attempt_id=attempt.pk).exists():
            return False
        Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).delete()
        _one_student_left(attempt.run, attempt.display_name)
    return True


def _one_student_left(run, name) -> None:
    """When one student is left on ``name``, they become its plain holder again (clash 0)."""
    left = set(Attempt.objects.filter(run=run, display_name=name).values_list("clash", flat=True))
    if len(left) == 1 and left != {0}:
        Attempt.objects.filter(run=run, display_name=name).update(clash=0)


def attempts_left(attempt: Attempt, now=None) -> int:
    """How many more attempts the student behind a finished run attempt may start now."""
    if attempt.run_id is None or not attempt.is_finished or not attempt.run.is_open(now):
        return 0
    if attempt.quiz.attempts_allowed <= attempt.number:
        return 0  # the usual case, one attempt: no need to look for later ones
    latest = Attempt.objects.filter(run_id=attempt.run_id, display_name=attempt.display_name,
                                    clash=attempt.clash).aggregate(
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
    following = new_attempt(attempt.quiz, attempt.display_name, run=attempt.run, number=attempt.number + 1,
                            clash=attempt.clash)
    try:
        with transaction.atomic():
            following.save()
    except IntegrityError:
        return Attempt.objects.get(run_id=attempt.run_id, display_name=attempt.display_name,
                                   clash=attempt.clash, number=attempt.number + 1)
    return following


def start_practice_attempt(quiz, display_name) -> Attempt | None:
    """None when the practice has nothing to draw (no practice question matches its rules)."""
    attempt = new_attempt(quiz, display_name)
    if not attempt.question_ids:
        return None
    attempt.save()
    return attempt


def record_answer(attempt: Attempt, question_id, choice_ids, text, seq, now=None) -> bool:
    """Store one answer as its own row (committed before the caller replies):
    True when stored now, False when it was already stored (a resend).

    Raises AnswerRejected for an answer the attempt must not take: nothing is stored.
    """
    now = now or timezone.now()
    if attempt.is_finished:
        raise AnswerRejected("finished", 409)
    if attempt.is_waiting(now):
        raise AnswerRejected("waiting", 409)
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
    shown = shown_question(question_id)
    if shown is None:
        raise AnswerRejected("question", 404)
    if shown.kind in ("single", "true_false") and len(choice_ids) > 1:
        raise AnswerRejected("malformed")
    text = (text or "").strip()[:200]
    choice_ids = sorted(set(choice_ids))
    if _insert_answer(attempt.pk, question_id, seq, choice_ids, text, now):
        return True
    if Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=False).exists():
        # Handed in (or marked at the deadline) since this request read the
        # attempt: the statement found it finished and stored nothing.
        raise AnswerRejected("finished", 409)
    # Not stored: this number, or a newer one, is there already. Two
    # concurrent answers with different numbers may both be stored: the
    # current answer is the one with the highest number.
    stored = Answer.objects.filter(attempt_id=attempt.pk, question_id=question_id, seq__gte=seq)
    for other_seq, other_choices, other_text in stored.values_list("seq", "choice_ids", "text"):
        if other_seq == seq:
            if sorted(other_choices) == choice_ids and other_text == text:
                return False  # a resend: already stored
            raise AnswerRejected("conflict", 409)
        raise AnswerRejected("stale", 409)
    raise AnswerRejected("conflict", 409)  # stored and gone again: a deleted attempt


def _insert_answer(attempt_id, question_id, seq, choice_ids, text, now) -> bool:
    """Insert the row unless the attempt is finished, or it or a newer answer
    to the question is stored: one statement, committed as it runs. A class of
    2,000 sends over a hundred answers a second; the ORM's check-then-insert
    took three round trips and about 2 ms of CPU to compile, this one plain
    statement a tenth of it. ``ON CONFLICT DO NOTHING`` settles two copies
    sent at the same moment (the unique number); PostgreSQL and SQLite both
    have it.

    The attempt's row is read ``FOR SHARE`` on PostgreSQL: a hand-in
    (finish_attempt) that marks while this statement runs waits for it, and
    one that marked first makes the row fail ``finished_at IS NULL`` when it
    is read again, so an answer is either stored before marking or not at
    all. SQLite writes one transaction at a time, which gives the same."""
    connection = transaction.get_connection()
    q = connection.ops.quote_name
    table, attempt_col, question_col, seq_col = (q(Answer._meta.db_table), q("attempt_id"), q("question_id"), q("seq"))
    attempts = q(Attempt._meta.db_table)
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    # Each value as its field sends it (JSON, a typed timestamp on PostgreSQL).
    choices = Answer._meta.get_field("choice_ids").get_db_prep_save(choice_ids, connection)
    created = Answer._meta.get_field("created_at").get_db_prep_save(now, connection)
    sql = (
        f"INSERT INTO {table} ({attempt_col}, {question_col}, {seq_col}, {q('choice_ids')}, {q('text')}, "  # noqa: S608 - names from the model
        f"{q('created_at')}) SELECT %s, %s, %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM {attempts} "
        f"WHERE {q('id')} = %s AND {q('finished_at')} IS NULL{lock}) AND NOT EXISTS (SELECT 1 FROM {table} "
        f"WHERE {attempt_col} = %s AND {question_col} = %s AND {seq_col} >= %s) ON CONFLICT DO NOTHING"
    )
    params = [attempt_id, question_id, seq, choices, text, created, attempt_id, attempt_id, question_id, seq]
    # In a caller's transaction (tests, a batch), a savepoint keeps it usable
    # whatever happens; otherwise the statement is its own transaction.
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def latest_answers(attempt: Attempt) -> dict:
    """{question id: (seq, choice ids, text)} of the attempt's current answers."""
    latest = {}
    rows = Answer.objects.filter(attempt_id=attempt.pk).order_by("seq")
    for question_id, seq, choice_ids, text in rows.values_list("question_id", "seq", "choice_ids", "text"):
        latest[question_id] = (seq, choice_ids, text)
    return latest


def current_answers(attempt_ids) -> dict:
    """{(attempt id, question id): Answer} with the highest seq of each."""
    latest = {}
    for answer in Answer.objects.filter(attempt_id__in=list(attempt_ids)).order_by("seq"):
        latest[(answer.attempt_id, answer.question_id)] = answer
    return latest


def item_points(attempt: Attempt, answers: dict, questions: dict) -> dict:
    """{question id: points 0..1} of a finished or running attempt, from
    ``answers`` {question id: (choice ids, text)} and ``questions`` {question
    id: a Question or its MarkingKey}."""
    points = {}
    for qid in attempt.question_ids:
        question = questions.get(qid)
        answer = answers.get(qid)
        if question is None or answer is None:
            points[qid] = 0.0
            continue
        choice_ids, text = answer
        points[qid] = score_answer(
            question.kind, question.correct_choice_ids(), question.accepted_list(), choice_ids, text,
            attempt.quiz.partial_credit,
        )
    return points


def answers_of(attempt: Attempt) -> dict:
    """{question id: (choice ids, text)} of the attempt's current answers, for item_points."""
    return {qid: (choice_ids, text) for qid, (_seq, choice_ids, text) in latest_answers(attempt).items()}


def questions_by_id(ids) -> dict:
    return {q.pk: q for q in Question.objects.filter(pk__in=list(ids)).prefetch_related("choices")}


@dataclass(frozen=True)
class MarkingKey:
    """What marking needs of a question (item_points), without the model."""

    kind: str
    correct: frozenset
    accepted: tuple

    def correct_choice_ids(self) -> frozenset:
        return self.correct

    def accepted_list(self) -> list[str]:
        return list(self.accepted)


def marking_keys(ids) -> dict:
    """{question id: MarkingKey}, kept per worker process until the bank next
    changes: a class that hands in together would otherwise read the same
    questions and choices 2,000 times."""
    memo = process_memo("quiz-marking-keys")
    missing = [qid for qid in ids if qid not in memo]
    if missing:
        for qid, question in questions_by_id(missing).items():
            memo[qid] = MarkingKey(question.kind, question.correct_choice_ids(), tuple(question.accepted_list()))
    return {qid: memo[qid] for qid in ids if qid in memo}


@dataclass(frozen=True)
class ShownQuestion:
    """A question's words in one language. The paper shows the stem and the
    choices, never the key; the review after handing in adds the explanation
    and the source."""

    kind: str
    stem: str
    # {choice id of the source question: its text in this language}
    choice_text: dict
    explanation: str = ""
    source: str = ""


def shown_question(question_id: int) -> ShownQuestion | None:
    """The question as the active language shows it, kept per worker process
    until the bank next changes (an edit, a translation or an import moves the
    generation on: quizzes/apps.py). A class of 2,000 opens its papers, and
    later its reviews, in the same minute; reading each question, its choices
    and their translations every time cost more CPU than the rest of the page."""
    memo = process_memo("quiz-shown-questions")
    key = (question_id, translation.get_language())
    if key not in memo:
        memo[key] = _load_shown_question(question_id)
    return memo[key]


def _load_shown_question(question_id: int) -> ShownQuestion | None:
    question = Question.objects.filter(pk=question_id).prefetch_related("choices").first()
    if question is None:
        return None
    words = question
    choice_text = {choice.pk: choice.text for choice in question.choices.all()}
    locale = active_locale()
    if locale.pk != question.locale_id:
        words = Question.objects.filter(translation_key=question.translation_key, locale=locale).first() or question
        keys = {choice.translation_key: choice.pk for choice in question.choices.all()}
        for choice in Choice.objects.filter(translation_key__in=keys, locale=locale):
            choice_text[keys[choice.translation_key]] = choice.text
    return ShownQuestion(kind=question.kind, stem=words.stem, choice_text=choice_text,
                         explanation=words.explanation, source=words.source)


def cached_quiz(quiz_id: int) -> Quiz:
    """The quiz's settings (marks, review, attempts, leaderboard), kept per
    worker process until a quiz or the bank changes (public models, as for
    shown_question). Shared by every request of the worker: read, never changed."""
    memo = process_memo("quiz-settings")
    if quiz_id not in memo:
        memo[quiz_id] = Quiz.objects.get(pk=quiz_id)
    return memo[quiz_id]


def finish_attempt(attempt: Attempt | int, now=None) -> Attempt:
    """Mark and close an attempt; a second call returns the first result.

    One transaction: a conditional UPDATE closes the attempt first (it waits
    for an answer being stored, and no answer is stored after it:
    _insert_answer), then the stored answers are marked. A class hands in
    within a minute, and whichever of two finishes of the same attempt closes
    it first writes the result. Score, review, statistics and exports thus
    all read the same answers."""
    now = now or timezone.now()
    if not isinstance(attempt, Attempt):
        attempt = Attempt.objects.get(pk=attempt)
    if attempt.is_finished:
        return attempt
    attempt.quiz = cached_quiz(attempt.quiz_id)
    # Past the deadline the attempt ends at the deadline (the sweep may run late).
    finished_at = min(now, attempt.deadline)
    with transaction.atomic():
        if Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(finished_at=finished_at):
            points = item_points(attempt, answers_of(attempt), marking_keys(attempt.question_ids))
            marks = {"points": sum(points.values()), "max_points": float(len(attempt.question_ids))}
            marks["score"] = percent(marks["points"], marks["max_points"])
            Attempt.objects.filter(pk=attempt.pk).update(**marks)
            for field, value in {**marks, "finished_at": finished_at}.items():
                setattr(attempt, field, value)
            return attempt
    finished = Attempt.objects.select_related("run").get(pk=attempt.pk)  # by another request meanwhile
    finished.quiz = attempt.quiz
    return finished
