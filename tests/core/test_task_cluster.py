"""The real django-q cluster publishes a scheduled page on time.

Runs `manage.py qcluster` as its own process against its own SQLite database
(with Redis as the broker when REDIS_URL is set), exactly as `make run` and the
systemd worker do. The in-process test in test_workflow.py covers the schedule
logic; this one proves the moving parts are wired together.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CREATE_SCHEDULED_PAGE = """
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Page, Site
from core.models import HomePage
from education.models import ArticlePage
root = Page.get_first_root_node()
for child in root.get_children():
    child.delete()
home = HomePage(title="首页", slug="home")
root.add_child(instance=home)
home.save_revision().publish()
Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
page = ArticlePage(title="6·26 国际禁毒日", slug="june-26", live=False)
home.add_child(instance=page)
page.go_live_at = timezone.now() + timedelta(seconds=5)
page.save_revision().publish()
page.refresh_from_db()
assert not page.live
print(page.pk)
"""


@pytest.mark.cluster
def test_cluster_publishes_a_scheduled_page(tmp_path, migrated_sqlite):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrated_sqlite(tmp_path / "db.sqlite3")
    created = subprocess.run(
        [*manage, "shell", "-c", CREATE_SCHEDULED_PAGE],
        env=env, check=True, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    page_id = int(created.stdout.strip().splitlines()[-1])

    cluster = subprocess.Popen(
        [*manage, "qcluster"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    live = False
    try:
        # The scheduler looks at due schedules every 30 s; allow three rounds.
        deadline = time.monotonic() + 100
        while time.monotonic() < deadline and not live:
            time.sleep(2)
            with sqlite3.connect(tmp_path / "db.sqlite3", timeout=20) as db:
                live = bool(db.execute("SELECT live FROM wagtailcore_page WHERE id = ?", (page_id,)).fetchone()[0])
    finally:
        cluster.terminate()
        try:
            cluster.wait(timeout=30)
        except subprocess.TimeoutExpired:
            cluster.kill()
    assert live, "the scheduled page did not go live"
