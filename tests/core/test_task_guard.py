"""No one can make the task worker run a function of their choosing from the
web: the django-q admin is read-only, and a schedule or task that is not the
project's own is refused as it is queued (core/task_guard.py)."""

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import Failure, OrmQ, Schedule
from django_q.scheduler import scheduler
from django_q.signing import SignedPackage
from django_q.tasks import async_task

from core.task_guard import RefusedTask, is_allowed
from tests.utils import stop_process

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def exec_schedule(marker: Path, **extra) -> Schedule:
    return Schedule.objects.create(
        name="maintenance",
        func="builtins.exec",
        args=repr(f"open({str(marker)!r}, 'w').write('ran')"),
        schedule_type=Schedule.MINUTES,
        minutes=1,
        repeats=-1,
        next_run=timezone.now() - timedelta(minutes=1),
        **extra,
    )


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


@pytest.mark.parametrize(
    "path",
    ["/django-admin/django_q/schedule/add/", "/django-admin/django_q/success/add/",
     "/django-admin/django_q/failure/add/"],
)
def test_a_superuser_cannot_add_a_schedule_or_task(superuser_client, path):
    assert superuser_client.get(path).status_code == 403
    assert superuser_client.post(path, {"func": "builtins.exec", "args": "'1'", "name": "x"}).status_code == 403
    assert not Schedule.objects.filter(func="builtins.exec").exists()


def test_a_superuser_can_read_a_schedule_but_not_change_it(superuser_client, tmp_path):
    schedule = Schedule.objects.get(name="wagtail:publish_scheduled")
    url = f"/django-admin/django_q/schedule/{schedule.pk}/change/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert b'name="func"' not in page.content
    superuser_client.post(url, {"func": "builtins.exec", "args": "'1'", "name": schedule.name,
                                "schedule_type": "I", "repeats": "-1"})
    schedule.refresh_from_db()
    assert schedule.func == "django.core.management.call_command"
    assert superuser_client.get("/django-admin/django_q/schedule/").status_code == 200


def test_no_task_can_be_resubmitted_from_the_admin(superuser_client):
    Failure.objects.create(id="a" * 32, name="x", func="builtins.exec", args=("print(1)",), kwargs={},
                           started=timezone.now(), stopped=timezone.now(), success=False)
    page = superuser_client.get("/django-admin/django_q/failure/")
    assert b"resubmit_task" not in page.content
    superuser_client.post("/django-admin/django_q/failure/", {"action": "resubmit_task",
                                                              "_selected_action": ["a" * 32]})
    assert not OrmQ.objects.exists()


def test_only_registered_calls_are_allowed():
    assert is_allowed("django.core.management.call_command", ("publish_scheduled",))
    assert is_allowed("tips.tasks.announce_new_tips")
    assert is_allowed("quizzes.tasks.make_file", (12,))
    assert not is_allowed("django.core.management.call_command", ("shell",), {"command": "print(1)"})
    assert not is_allowed("builtins.exec", ("print(1)",))
    # A function merely imported into a tasks module is not a task.
    assert not is_allowed("tips.tasks.send_mass_mail", ([],))
    assert not is_allowed("tips.tasks.announce_new_tips", hook="builtins.print")


def test_a_task_queued_from_code_with_another_function_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    # Tasks run inline in the tests: the refusal surfaces as the task's error.
    with pytest.raises(RefusedTask):
        async_task("builtins.exec", f"open({str(marker)!r}, 'w').write('ran')")
    assert not marker.exists()


def test_the_scheduler_queues_a_refusal_instead_of_a_foreign_schedule(tmp_path, monkeypatch):
    """What the cluster's scheduler puts in the queue for an exec schedule
    written straight into the table (no admin form allows it)."""
    monkeypatch.setattr(Conf, "SYNC", False)
    # As the test client does: the scheduler must not close the connection
    # that holds the test's transaction (it would on PostgreSQL).
    monkeypatch.setattr("django_q.scheduler.close_old_django_connections", lambda: None)
    marker = tmp_path / "ran"
    schedule = exec_schedule(marker)
    Schedule.objects.exclude(pk=schedule.pk).update(next_run=timezone.now() + timedelta(hours=1))
    # The ORM broker whatever REDIS_URL says: its queue is a table to read back.
    broker = ORM(list_key=Conf.CLUSTER_NAME)
    scheduler(broker=broker)
    queued = [SignedPackage.loads(row.payload) for row in OrmQ.objects.all()]
    assert [(task["func"], task["args"]) for task in queued] == [("core.task_guard.refused", ("builtins.exec",))]
    assert not marker.exists()


@pytest.mark.cluster
def test_the_real_cluster_refuses_an_exec_schedule_and_runs_the_registered_ones(tmp_path, migrated_sqlite):
    marker = tmp_path / "ran"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrated_sqlite(tmp_path / "db.sqlite3")
    subprocess.run(
        [*manage, "shell", "-c", (
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from django_q.models import Schedule\n"
            "Schedule.objects.update(next_run=timezone.now() - timedelta(minutes=1))\n"
            "Schedule.objects.create(name='maintenance', func='builtins.exec', "
            f"args={repr(repr(f'open({str(marker)!r}, chr(119)).write(chr(120))'))}, "
            "schedule_type=Schedule.MINUTES, minutes=1, repeats=-1, "
            "next_run=timezone.now() - timedelta(minutes=1))\n"
        )],
        env=env, check=True, cwd=ROOT, timeout=120,
    )
    cluster = subprocess.Popen(
        [*manage, "qcluster"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    results = {}
    try:
        deadline = time.monotonic() + 100
        while time.monotonic() < deadline and not {"maintenance", "wagtail:publish_scheduled"} <= set(results):
            time.sleep(2)
            with sqlite3.connect(tmp_path / "db.sqlite3", timeout=20) as db:
                results = {group: (success, result) for group, success, result in
                           db.execute("SELECT \"group\", success, result FROM django_q_task")}
    finally:
        stop_process(cluster)
    assert not marker.exists(), "the exec schedule ran"
    assert results["maintenance"][0] == 0
    assert results["wagtail:publish_scheduled"][0] == 1
