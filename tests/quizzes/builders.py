"""Builders for quiz tests: a small bank, a school with a class, a run."""

from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import Locale

from core.choices import SchoolKind
from core.models import School
from quizzes import paper
from quizzes.models import Choice, ClassGroup, DrawRule, Question, Quiz, QuizRun, TeacherProfile


def default_locale():
    return Locale.objects.get_or_create(language_code="zh-hans")[0]


def make_question(stem, kind="single", choices=(("对", True), ("错", False)), accepted="", tags=(),
                  grade_band="junior", difficulty=2, explanation="解析", source="《禁毒法》第二条", practice=False):
    question = Question(kind=kind, stem=stem, accepted_answers=accepted, explanation=explanation, source=source,
                        grade_band=grade_band, difficulty=difficulty, locale=default_locale(), practice=practice)
    for index, (text, correct) in enumerate(choices if kind != "fill_in" else ()):
        question.choices.add(Choice(text=text, is_correct=correct, sort_order=index, locale=question.locale))
    question.save()
    for tag in tags:
        question.tags.add(tag)
    question.save()
    return question


def make_bank():
    """Four questions, one of each type; the correct choice texts start with ✓."""
    return [
        make_question("单选题干甲", choices=(("✓甲", True), ("乙", False), ("丙", False), ("丁", False))),
        make_question("多选题干乙", kind="multiple",
                      choices=(("✓一", True), ("✓二", True), ("三", False), ("四", False))),
        make_question("判断题干丙", kind="true_false", choices=(("✓正确", True), ("错误", False))),
        make_question("填空题干丁", kind="fill_in", accepted="ACCEPTED626\n六二六"),
    ]


def make_quiz(questions, **fields):
    fields.setdefault("title", "禁毒知识测验")
    quiz = Quiz(**fields)
    quiz.save()
    DrawRule.objects.create(quiz=quiz, count=len(questions), sort_order=0)
    return quiz


def make_school(code="t-j01", name="测试中学"):
    return School.objects.get_or_create(code=code, defaults={"name": name, "kind": SchoolKind.JUNIOR_MIDDLE})[0]


def make_class(school, grade=7, name="1班", enrolled=40):
    return ClassGroup.objects.create(school=school, grade=grade, name=name, enrolled=enrolled)


def make_teacher(username, school):
    user = User.objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="Teachers"))
    TeacherProfile.objects.create(user=user, school=school)
    return user


def make_run(quiz, class_group, teacher=None, minutes=60, **fields):
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(minutes=1))
    fields.setdefault("closes_at", now + timedelta(minutes=minutes))
    return QuizRun.objects.create(quiz=quiz, class_group=class_group, teacher=teacher, **fields)


def paper_fields(attempt, question_id, choice_ids=(), **fields):
    """What the paper's form for ``question_id`` posts: the question's number
    on the paper and each choice as the paper writes it (paper.choice_value)."""
    key = paper.choice_key(attempt.token)
    return {"question": attempt.question_ids.index(question_id) + 1,
            "choice": [paper.choice_value(key, cid) for cid in choice_ids], **fields}
