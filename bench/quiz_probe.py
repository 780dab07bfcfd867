# ruff: noqa: T201 - a command-line tool: printing is its output
"""In-process helpers for bench/quiz.py (run as a separate Python process).

    python bench/quiz_probe.py setup --students 500
        -> JSON: a quiz of 20 single-choice questions, a school with one class of
           ``--students`` enrolled and an open run (nicknames); its join code.
    python bench/quiz_probe.py setup --students 2000 --classes 50
        -> JSON: a whole school, 50 classes of 40 with an open run each; their
           runs and join codes.
    python bench/quiz_probe.py schedule --run RUN[,RUN...] --at EPOCH
        -> JSON: the runs start at EPOCH (seconds), their 2 hours open from then.
    python bench/quiz_probe.py count --run RUN[,RUN...]
        -> JSON: attempts, finished attempts, answer rows and rows stored twice, of the runs.
    python bench/quiz_probe.py files --attempts 5000 --certificates 500
        -> JSON: seconds to make the XLSX of a run of ``--attempts`` finished
           attempts (20 answers each) and one PDF of ``--certificates``
           certificates, each through the django-q task function a teacher's
           request queues (quizzes.tasks.make_file), run here in-process.

    python bench/quiz_probe.py start-cpu --students 150
        -> JSON: milliseconds of this process's CPU per student for the join
           page, the join and the first paper (quiz_start_cpu_*), and when the
           class joins before the start, for the join page, the join, the
           waiting page and the paper at the start (quiz_early_start_cpu_*),
           through Django's test client (no HTTP, no other process): what the
           start crowd costs the server per student, whatever else the
           machine is doing.

The environment (DJANGO_SETTINGS_MODULE, SQLITE_PATH, ...) comes from bench/quiz.py.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from core.choices import SchoolKind  # noqa: E402
from core.models import School  # noqa: E402
from quizzes.models import (  # noqa: E402
    Answer,
    Attempt,
    Choice,
    ClassGroup,
    DrawRule,
    FileJob,
    Question,
    Quiz,
    QuizRun,
)
from quizzes.services import new_attempt  # noqa: E402

QUESTIONS = 20


def _quiz(title, **fields) -> Quiz:
    locale = Locale.get_default()
    tag = f"bench-{title}"
    if not Question.objects.filter(tags__name=tag).exists():
        for n in range(QUESTIONS):
            question = Question(kind="single", stem=f"压测题目{n + 1}：下列哪一项属于毒品？", explanation="解析",
                                source="《禁毒法》第二条", grade_band="junior", difficulty=2, locale=locale)
            for index, text in enumerate(("海洛因", "咖啡", "茶叶", "可乐")):
                question.choices.add(Choice(text=text, is_correct=index == 0, sort_order=index, locale=locale))
            question.save()
            question.tags.add(tag)
            question.save()
    quiz = Quiz.objects.create(title=title, time_limit_minutes=60, **fields)
    DrawRule.objects.create(quiz=quiz, count=QUESTIONS, tag=tag, sort_order=0)
    return quiz


def _class(name, enrolled) -> ClassGroup:
    school, _created = School.objects.get_or_create(
        code="bench-school", defaults={"name": "压测中学", "kind": SchoolKind.JUNIOR_MIDDLE})
    return ClassGroup.objects.create(school=school, grade=8, name=name, enrolled=enrolled)


def setup(students: int, classes: int = 1) -> dict:
    """One run per class, the students shared out evenly among the classes."""
    quiz = _quiz("压测：同步开考")
    now = timezone.now()
    runs = [QuizRun.objects.create(quiz=quiz, class_group=_class(f"压测{now:%H%M%S}-{n + 1}班", students // classes),
                                   opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=2),
                                   naming="nickname")
            for n in range(classes)]
    return {"run": ",".join(str(run.pk) for run in runs), "code": runs[0].join_code,
            "codes": [run.join_code for run in runs]}


def schedule(run_ids: list[int], at: float) -> dict:
    from datetime import UTC, datetime

    opens = datetime.fromtimestamp(at, tz=UTC)
    updated = QuizRun.objects.filter(pk__in=run_ids).update(opens_at=opens, closes_at=opens + timedelta(hours=2))
    return {"scheduled": updated, "opens_at": opens.isoformat()}


def count(run_ids: list[int]) -> dict:
    answers = Answer.objects.filter(attempt__run_id__in=run_ids)
    duplicate_answers = (answers.values("attempt_id", "question_id", "seq").annotate(n=Count("id"))
                         .filter(n__gt=1).count())
    duplicate_attempts = (Attempt.objects.filter(run_id__in=run_ids).values("run_id", "display_name").annotate(n=Count("id"))
                          .filter(n__gt=1).count())
    current = answers.values("attempt_id", "question_id").distinct().count()
    return {
        "attempts": Attempt.objects.filter(run_id__in=run_ids).count(),
        "finished": Attempt.objects.filter(run_id__in=run_ids, finished_at__isnull=False).count(),
        "answer_rows": answers.count(), "answered_questions": current,
        "duplicates": duplicate_answers + duplicate_attempts,
    }


def _finished_run(title, attempts, passing, certificates=False) -> QuizRun:
    """A closed run of ``attempts`` finished attempts with 20 answers each, made in bulk."""
    quiz = _quiz(title, certificate_on_pass=certificates)
    now = timezone.now()
    run = QuizRun.objects.create(quiz=quiz, class_group=_class(f"{title}{now:%H%M%S}", attempts),
                                 opens_at=now - timedelta(hours=2), closes_at=now - timedelta(hours=1),
                                 naming="nickname")
    template = new_attempt(quiz, "template", run=run, now=now - timedelta(hours=2))
    correct = {q.pk: [c.pk for c in q.choices.all() if c.is_correct][0]
               for q in Question.objects.filter(pk__in=template.question_ids).prefetch_related("choices")}
    rows = []
    for n in range(attempts):
        score = random.choice([60, 75, 90, 100]) if passing else random.choice([20, 45, 60, 85, 100])
        rows.append(Attempt(run=run, quiz=quiz, token=Attempt.new_token(), display_name=f"学生{n + 1:04d}",
                            seed=template.seed, question_ids=template.question_ids,
                            choice_order=template.choice_order, started_at=template.started_at,
                            deadline=template.deadline, finished_at=now - timedelta(hours=1, minutes=30),
                            points=score / 5, max_points=QUESTIONS, score=score))
    Attempt.objects.bulk_create(rows, batch_size=500)
    answers = [Answer(attempt=attempt, question_id=qid, seq=1, choice_ids=[correct[qid]])
               for attempt in Attempt.objects.filter(run=run).only("pk") for qid in template.question_ids]
    Answer.objects.bulk_create(answers, batch_size=2000)
    return run


def _time_job(run, kind) -> tuple[float, int]:
    from quizzes.tasks import make_file

    job = FileJob.objects.create(kind=kind, run=run, masked=False, base_url="http://127.0.0.1/", language="zh-hans")
    started = time.perf_counter()
    make_file(job.pk)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    assert job.state == FileJob.State.DONE, job.state
    return elapsed, len(job.content)


def files(attempts: int, certificates: int) -> dict:
    export_run = _finished_run("压测：导出", attempts, passing=False)
    export_s, export_bytes = _time_job(export_run, FileJob.Kind.XLSX)
    certificate_run = _finished_run("压测：证书", certificates, passing=True, certificates=True)
    certificates_s, pdf_bytes = _time_job(certificate_run, FileJob.Kind.CERTIFICATES)
    return {"quiz_export_s": round(export_s, 2), "quiz_export_rows": attempts * (1 + QUESTIONS),
            "quiz_export_bytes": export_bytes, "quiz_certificates_s": round(certificates_s, 2),
            "quiz_certificates": certificates, "quiz_certificates_pdf_bytes": pdf_bytes}


def start_cpu(students: int) -> dict:
    """CPU per student of the start, in-process: joining at "go" (join page,
    join, paper) and joining before the start as the teacher's guide advises
    (join page, join, waiting page with the paper made then, and the paper
    at the start)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")  # one handler: built once

    def phone(jar, method, path, data=None):
        client.cookies = jar  # each student's own cookies
        started = time.process_time()
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
        return response, time.process_time() - started

    at_go = _class_cpu(students, phone, early=False)
    early = _class_cpu(students, phone, early=True)
    return {**{f"quiz_start_cpu_{name}_ms": ms for name, ms in at_go.items()},
            **{f"quiz_early_start_cpu_{name}_ms": ms for name, ms in early.items()}}


def _class_cpu(students: int, phone, early: bool) -> dict:
    """{step: ms of CPU per student} for a class of ``students``."""
    from http.cookies import SimpleCookie

    made = setup(students + 1)
    run = QuizRun.objects.get(pk=int(made["run"]))
    if early:
        run.opens_at = timezone.now() + timedelta(hours=1)
        run.save(update_fields=["opens_at"])
    code = made["code"]
    spent = {"join_page": 0.0, "join": 0.0, **({"waiting_page": 0.0} if early else {}), "paper": 0.0}
    warm = SimpleCookie()
    phone(warm, "get", f"/quiz/?code={code}")
    phone(warm, "get", phone(warm, "post", "/quiz/", {"code": code, "name": "学生9999"})[0]["Location"])
    jars, papers = [SimpleCookie() for _ in range(students)], []
    for n, jar in enumerate(jars):
        spent["join_page"] += phone(jar, "get", f"/quiz/?code={code}")[1]
        response, cpu = phone(jar, "post", "/quiz/", {"code": code, "name": f"学生{n + 1:04d}"})
        assert response.status_code == 302, response.status_code
        spent["join"] += cpu
        papers.append(response["Location"])
        if early:
            response, cpu = phone(jar, "get", response["Location"])
            assert b"data-starts-in" in response.content, response.status_code
            spent["waiting_page"] += cpu
    if early:
        # The start comes: what the clock does, done to the rows.
        now = timezone.now()
        QuizRun.objects.filter(pk=run.pk).update(opens_at=now)
        Attempt.objects.filter(run=run).update(started_at=now, deadline=now + timedelta(minutes=60))
    for jar, url in zip(jars, papers, strict=True):
        response, cpu = phone(jar, "get", url)
        assert b'<section class="quiz-item"' in response.content, response.status_code
        spent["paper"] += cpu
    return {name: round(cpu / students * 1000, 2) for name, cpu in spent.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup", "schedule", "count", "files", "start-cpu"])
    parser.add_argument("--at", type=float, default=0.0)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--classes", type=int, default=1)
    parser.add_argument("--run", default="")
    parser.add_argument("--attempts", type=int, default=5000)
    parser.add_argument("--certificates", type=int, default=500)
    args = parser.parse_args()
    if args.command == "setup":
        out = setup(args.students, args.classes)
    elif args.command == "start-cpu":
        out = start_cpu(args.students)
    elif args.command == "schedule":
        out = schedule([int(pk) for pk in args.run.split(",")], args.at)
    elif args.command == "count":
        out = count([int(pk) for pk in args.run.split(",")])
    else:
        out = files(args.attempts, args.certificates)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
