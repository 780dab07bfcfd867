"""Seen from outside: gunicorn as deployed, its clock moved with Debian's
libfaketime to just before local midnight on New Year's Eve (Asia/Shanghai).
The page's © year is declared to change then (core/caching.py); the cached
page is served until midnight and the new year is served from midnight on,
with no task worker running.
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKETIME = shutil.which("faketime")
# Midnight of 1 January 2028 in Shanghai is 16:00 UTC on 31 December.
MIDNIGHT = datetime(2027, 12, 31, 16, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(FAKETIME is None and not os.environ.get("CI"), reason="faketime not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str = "/"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response, body


def test_the_year_turns_at_local_midnight_through_gunicorn(tmp_path):
    assert FAKETIME, "Debian's faketime package is needed (apt-get install faketime)"
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "TIPS_RECEIPT_SECRET": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_initial_data"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)

    # The clock starts 40 s before midnight and runs at normal speed: time
    # for gunicorn to boot on a busy machine and serve the old year.
    start = MIDNIGHT.timestamp() - 40
    fake_env = {**env, "FAKETIME_DONT_RESET": "1", "TZ": "UTC"}
    server = subprocess.Popen(
        [FAKETIME, "-f", "@" + datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%d %H:%M:%S"),
         sys.executable, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT, env=fake_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    seen = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                response, body = _get(port)
            except OSError:
                time.sleep(0.2)
                continue
            served_at = parsedate_to_datetime(response.getheader("Date"))
            year = "2028" if "© 2028" in body else "2027" if "© 2027" in body else "?"
            seen.append((served_at, year, response.getheader("X-Page-Cache"), response.getheader("Cache-Control"), response.status))
            if year == "2028" and len([s for s in seen if s[1] == "2028"]) >= 2:
                break
            time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    before = [s for s in seen if s[0] < MIDNIGHT]
    after = [s for s in seen if s[0] >= MIDNIGHT]
    assert before and after, seen
    assert all(year == "2027" for _, year, _, _, _ in before), seen
    assert any(cache == "hit" for _, _, cache, _, _ in before), "the page was never served from the cache"
    # Within a second of midnight (the Date header has whole seconds).
    assert all(year == "2028" for when, year, _, _, _ in after if (when - MIDNIGHT).total_seconds() >= 1), seen
    assert after[-1][1] == "2028"
    # A shared cache in front was never told to keep the page past midnight.
    for when, _, _, cache_control, _ in before:
        if cache_control and "s-maxage=" in cache_control:
            seconds = int(cache_control.split("s-maxage=")[1].split(",")[0])
            assert when.timestamp() + seconds <= MIDNIGHT.timestamp() + 1, (when, cache_control)
