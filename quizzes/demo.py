"""Demo content for quizzes (``load_initial_data``; core/plugins.py): the
question bank (quizzes/demo_bank.py) in zh-hans with English and Traditional
Chinese translations, three quizzes (one a public practice), classes in two of
core's demo schools and a finished run for each class with simulated answers,
so the teacher's results show real figures on a fresh install.

Idempotent: questions are found by their stem, quizzes by title, classes by
school, grade and name, runs by class and quiz; what exists is left alone.
Every row is marked ``is_demo``.
"""

import math
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from core.chinese import to_traditional_text
from core.models import School
from quizzes.choices import QuestionKind, ReviewPolicy
from quizzes.demo_bank import QUESTIONS
from quizzes.models import (
    Answer,
    Choice,
    ClassGroup,
    DrawRule,
    Question,
    Quiz,
    QuizRun,
    TeacherProfile,
)
from quizzes.services import finish_attempt, new_attempt

QUIZZES = [
    # title, English title, rules [(count, tag, band)], minutes, review, practice, certificate
    ("6·26 禁毒知识测验（中学）", "6·26 anti-drug knowledge quiz (secondary)",
     [(8, "法律", ""), (12, "", "")], 10, ReviewPolicy.AFTER_CLOSE, False, True),
    ("小学禁毒知识小测", "Primary school anti-drug quiz", [(10, "", "primary")], 10,
     ReviewPolicy.IMMEDIATELY, False, True),
    ("禁毒知识练习", "Anti-drug knowledge practice", [(10, "", "")], 15, ReviewPolicy.IMMEDIATELY, True, False),
]
# school code, grade, class name, enrolled, quiz title, students who took part, ability
CLASSES = [
    ("demo-j01", 7, "1班", 45, QUIZZES[0][0], 43, 0.9),
    ("demo-j01", 7, "2班", 44, QUIZZES[0][0], 38, 0.5),
    ("demo-p02", 5, "1班", 42, QUIZZES[1][0], 40, 1.0),
]


def load(stdout=None):
    with transaction.atomic():
        made = load_bank()
        quizzes = load_quizzes()
        runs = load_classes_and_runs(quizzes)
    if stdout is not None:
        stdout.write(f"Quizzes: {made} questions added, {runs} demo runs added.")


def load_bank() -> int:
    source = Locale.get_default()
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "zh-hant")}
    made = 0
    for index, (kind, band, difficulty, tags, stem, stem_en, choices, accepted, explanation, explanation_en, cite,
                cite_en) in enumerate(QUESTIONS):
        question = Question.objects.filter(locale=source, stem=stem).first()
        if question is not None:
            continue
        question = Question(kind=kind, grade_band=band, difficulty=difficulty, stem=stem, accepted_answers=accepted,
                            explanation=explanation, source=cite, locale=source, is_demo=True,
                            practice=is_practice_question(index, band))
        for index, (text, _text_en, correct) in enumerate(choices):
            question.choices.add(Choice(text=text, is_correct=correct, sort_order=index, locale=source))
        question.save()
        question.tags.add(*tags)
        question.save()
        made += 1
        english = {"stem": stem_en, "explanation": explanation_en, "source": cite_en,
                   "choices": [text_en for _t, text_en, _c in choices]}
        traditional = {"stem": to_traditional_text(stem), "explanation": to_traditional_text(explanation),
                       "source": to_traditional_text(cite), "choices": [to_traditional_text(t) for t, *_ in choices]}
        for code, texts in (("en", english), ("zh-hant", traditional)):
            translate(question, locales[code], texts)
    return made


def is_practice_question(index: int, band: str) -> bool:
    """The practice quiz's own 16 questions, every fourth of the secondary
    ones: class quizzes never draw them (services.source_questions), and the
    primary quiz keeps all twelve of its band."""
    return band != "primary" and index % 4 == 1


def translate(question, locale, texts):
    translated = question.copy_for_translation(locale)
    translated.stem = texts["stem"]
    translated.explanation = texts["explanation"]
    translated.source = texts["source"]
    for choice, text in zip(translated.choices.all(), texts["choices"], strict=True):
        choice.text = text
    translated.save()
    return translated


def load_quizzes() -> dict:
    quizzes = {}
    for title, title_en, rules, minutes, review, practice, certificate in QUIZZES:
        quiz = Quiz.objects.filter(title=title).first()
        if quiz is None:
            quiz = Quiz.objects.create(
                title=title, title_en=title_en, time_limit_minutes=minutes, review_policy=review,
                is_practice=practice, certificate_on_pass=certificate, is_demo=True,
                description="题目随机抽取，限时作答；请独立完成。" if not practice else "随时练习，交卷后即可看到答案和解析。",
                description_en=(
                    "Questions are drawn at random and timed; please answer on your own." if not practice
                    else "Practise any time; the answers and explanations show once you hand in."
                ),
            )
            for order, (count, tag, band) in enumerate(rules):
                DrawRule.objects.create(quiz=quiz, count=count, tag=tag, grade_band=band, sort_order=order)
        quizzes[title] = quiz
    return quizzes


def load_classes_and_runs(quizzes) -> int:
    from django.contrib.auth import get_user_model

    from core.demo.users import ensure_users

    ensure_users()
    teacher = get_user_model().objects.filter(username="teacher").first()
    runs = 0
    for code, grade, name, enrolled, quiz_title, takers, ability in CLASSES:
        school = School.objects.filter(code=code).first()
        if school is None:  # the demo schools were replaced by real ones
            continue
        if teacher is not None and code == "demo-j01" and not TeacherProfile.objects.filter(user=teacher).exists():
            TeacherProfile.objects.create(user=teacher, school=school)
        group, _ = ClassGroup.objects.get_or_create(school=school, grade=grade, name=name,
                                                    defaults={"enrolled": enrolled, "is_demo": True})
        quiz = quizzes[quiz_title]
        if QuizRun.objects.filter(class_group=group, quiz=quiz).exists():
            continue
        simulate_run(quiz, group, teacher if code == "demo-j01" else None, takers, ability)
        runs += 1
    return runs


def simulate_run(quiz, group, teacher, takers, ability, seed=626):
    """A run that opened yesterday morning for 45 minutes, with answers from
    students of the given mean ability: a harder question (difficulty 1–5) is
    less often right, as in a real class (a one-parameter logistic model)."""
    # Seeded by the class, not its row id, and every draw from it: the same
    # figures on every install and database, so the demo and its test agree.
    rng = random.Random(f"{seed}-{group.school.code}-{group.grade}-{group.name}")
    opens = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    run = QuizRun.objects.create(quiz=quiz, class_group=group, teacher=teacher, opens_at=opens,
                                 closes_at=opens + timedelta(minutes=45), closed=True, is_demo=True)
    questions = {q.pk: q for q in Question.objects.filter(is_demo=True).prefetch_related("choices")}
    numbers = sorted(rng.sample(range(1, group.enrolled + 1), takers))
    for number in numbers:
        started = opens + timedelta(seconds=rng.randint(30, 300))
        attempt = new_attempt(quiz, str(number), run=run, now=started, seed=rng.getrandbits(62))
        attempt.is_demo = True
        attempt.save()
        student = rng.gauss(ability, 0.9)
        answers = []
        clock = started
        for qid in attempt.question_ids:
            question = questions[qid]
            clock += timedelta(seconds=rng.randint(8, 25))
            if clock > attempt.deadline:
                break
            right = rng.random() < 1 / (1 + math.exp(-(student + 1.2 - 0.6 * question.difficulty)))
            answers.append(simulated_answer(attempt, question, right, rng))
        Answer.objects.bulk_create(answers)
        finish_attempt(attempt.pk, now=min(clock + timedelta(seconds=20), attempt.deadline))
    return run


def simulated_answer(attempt, question, right, rng) -> Answer:
    if question.kind == QuestionKind.FILL_IN:
        text = question.accepted_list()[0] if right else rng.choice(["", "不知道", "1987"])
        return Answer(attempt=attempt, question=question, seq=1, text=text)
    choices = list(question.choices.all())
    correct = [c.pk for c in choices if c.is_correct]
    wrong = [c.pk for c in choices if not c.is_correct]
    if right:
        picked = correct
    elif question.kind == QuestionKind.MULTIPLE:
        picked = correct[: max(1, len(correct) - 1)] + wrong[:1] if rng.random() < 0.5 else correct[:-1]
    else:
        picked = [rng.choice(wrong)]
    return Answer(attempt=attempt, question=question, seq=1, choice_ids=sorted(picked))
