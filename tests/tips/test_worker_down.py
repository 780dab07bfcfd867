"""The real django-q cluster and the tips sweep: no tip is lost when the task
worker is down (the tip is stored; the cluster, started later, announces it),
and with the cluster running the police hear of a new tip within two minutes
while the queue's tables keep nothing that dates it."""

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]

SEND_TIP = """
from django.contrib.auth import get_user_model
from django.db import transaction
from tips.keys import add_member, create_unit
from tips import services
user = get_user_model().objects.create_user("officer", email="officer@police.example")
unit, private = create_unit("nancheng", "南城派出所", default=True)
add_member(unit, user, "correct horse battery staple", private)
with transaction.atomic():
    tip, receipt = services.submit_tip(category="dealing", community=None, grid_unit=None,
                                       content={"description": "worker down"}, files=[])
print(tip.pk)
"""


def migrated_site(tmp_path, migrated_sqlite) -> dict:
    """The environment of a site of its own (SQLite, ORM broker), migrated (a copy of the run's migrated file)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    migrated_sqlite(tmp_path / "db.sqlite3")
    return env


def send_tip(env) -> int:
    sent = subprocess.run(
        [*MANAGE, "shell", "-c", SEND_TIP], env=env, check=True, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )
    return int(sent.stdout.strip().splitlines()[-1])


def query(env, sql, *args) -> list:
    with sqlite3.connect(env["SQLITE_PATH"], timeout=20) as db:
        return db.execute(sql, args).fetchall()


def announced(env, tip_id) -> bool:
    return bool(query(env, "SELECT announced FROM tips_tip WHERE id = ?", tip_id)[0][0])


def wait_until(check, seconds) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(2)
    return check()


@contextmanager
def running_cluster(env):
    cluster = subprocess.Popen(
        [*MANAGE, "qcluster"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield cluster
    finally:
        cluster.terminate()
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            cluster.kill()


@pytest.mark.cluster
def test_a_tip_sent_while_the_worker_is_down_is_announced_when_it_starts(tmp_path, migrated_sqlite):
    env = migrated_site(tmp_path, migrated_sqlite)
    tip_id = send_tip(env)
    assert not announced(env, tip_id)  # stored and acknowledged, the worker not running
    with running_cluster(env):
        done = wait_until(lambda: announced(env, tip_id), 120)
    assert done, "the waiting tip was not announced once the worker started"


@pytest.mark.cluster
def test_the_cluster_announces_a_new_tip_within_two_minutes_and_keeps_no_row_of_it(tmp_path, migrated_sqlite):
    env = migrated_site(tmp_path, migrated_sqlite)
    with running_cluster(env):
        # The cluster is up and has run a first sweep before the tip comes.
        assert wait_until(
            lambda: query(env, "SELECT task FROM django_q_schedule WHERE name = 'tips:announce_new_tips'")[0][0], 90
        )
        tip_id = send_tip(env)
        stored = time.monotonic()
        done = wait_until(lambda: announced(env, tip_id), 150)
        waited = time.monotonic() - stored
    assert done, "the tip was not announced"
    assert waited < 120, waited
    # No row of the queue names or dates the tip: no task of its own, and the
    # sweep's runs (one of which sent the notice) are not kept. (The daily
    # jobs' rows are kept; they run at the hour of their schedule.)
    assert query(env, "SELECT name FROM django_q_task WHERE func = 'tips.tasks.sweep' OR name = 'tips-announce'") == []
    assert query(env, "SELECT 1 FROM django_q_task WHERE func LIKE 'tips.%' AND NOT success") == []
    assert query(env, "SELECT key FROM django_q_ormq") == []
