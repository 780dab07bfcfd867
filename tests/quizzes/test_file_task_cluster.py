"""The real django-q cluster makes a class's certificates queued by the
teacher's request: runs `manage.py qcluster` as its own process against its
own SQLite database, as tests/core/test_task_cluster.py does for publishing.
The in-process tests (test_certificates.py) cover the file itself."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

QUEUE_A_CERTIFICATE_BATCH = """
from datetime import timedelta
from django.utils import timezone
from django_q.tasks import async_task
from core.choices import SchoolKind
from core.models import School
from quizzes.models import Attempt, ClassGroup, FileJob, Quiz, QuizRun
now = timezone.now()
school = School.objects.create(code="t-cluster", name="集群中学", kind=SchoolKind.JUNIOR_MIDDLE)
group = ClassGroup.objects.create(school=school, grade=8, name="2班", enrolled=40)
quiz = Quiz.objects.create(title="禁毒知识测验", certificate_on_pass=True)
run = QuizRun.objects.create(quiz=quiz, class_group=group, opens_at=now - timedelta(hours=1),
                             closes_at=now - timedelta(minutes=5))
for number, score in ((1, 95.0), (2, 40.0), (3, 70.0)):
    Attempt.objects.create(run=run, quiz=quiz, token=Attempt.new_token(), display_name=str(number), seed=number,
                           deadline=now, finished_at=now - timedelta(minutes=10), points=score / 5,
                           max_points=20, score=score)
job = FileJob.objects.create(kind=FileJob.Kind.CERTIFICATES, run=run, base_url="http://127.0.0.1/",
                             language="zh-hans")
async_task("quizzes.tasks.make_file", job.pk, task_name=f"quiz-file-{job.pk}")
print(job.pk)
"""


@pytest.mark.cluster
def test_the_cluster_makes_a_certificate_batch(tmp_path, migrated_sqlite):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrated_sqlite(tmp_path / "db.sqlite3")
    queued = subprocess.run([*manage, "shell", "-c", QUEUE_A_CERTIFICATE_BATCH], env=env, check=True, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    job_id = int(queued.stdout.strip().splitlines()[-1])

    cluster = subprocess.Popen(
        [*manage, "qcluster"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    row = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(2)
            with sqlite3.connect(tmp_path / "db.sqlite3", timeout=20) as db:
                row = db.execute("SELECT state, done, total, content FROM quizzes_filejob WHERE id = ?",
                                 (job_id,)).fetchone()
            if row[0] in ("done", "failed"):
                break
    finally:
        cluster.terminate()
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            cluster.kill()
    assert row is not None and row[0] == "done", f"the batch was not made: {row and row[:3]}"
    assert row[2] == 2  # two of the three passed
    assert bytes(row[3]).startswith(b"%PDF")
