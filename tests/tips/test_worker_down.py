"""No tip is lost when the task worker is down: the tip is stored and its
notice queued; the real django-q cluster, started later, announces it."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

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


@pytest.mark.cluster
def test_a_tip_sent_while_the_worker_is_down_is_announced_when_it_starts(tmp_path):
    db_path = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(db_path),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=600)
    sent = subprocess.run(
        [*manage, "shell", "-c", SEND_TIP], env=env, check=True, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )
    tip_id = int(sent.stdout.strip().splitlines()[-1])

    def announced():
        with sqlite3.connect(db_path, timeout=20) as db:
            return bool(db.execute("SELECT announced FROM tips_tip WHERE id = ?", (tip_id,)).fetchone()[0])

    assert not announced()  # stored and acknowledged, the worker not running
    cluster = subprocess.Popen(
        [*manage, "qcluster"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    done = False
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not done:
            time.sleep(2)
            done = announced()
    finally:
        cluster.terminate()
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            cluster.kill()
    assert done, "the queued notice was not sent once the worker started"
