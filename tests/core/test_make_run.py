"""`make run` (scripts/run.py): Ctrl-C stops the site and the worker, cleanly, every time.

The script runs as `make run` runs it, in its own process group, against a
temporary SQLite database; the test then does what Ctrl-C in a terminal does:
SIGINT to the whole foreground process group.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def processes_using(database: Path) -> list[int]:
    """Our processes whose environment names this test's database."""
    marker = f"SQLITE_PATH={database}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.cluster
def test_ctrl_c_stops_site_and_worker(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(database),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "PORT": str(free_port()),
        "PYTHONUNBUFFERED": "1",
    }
    # Only the tables the worker and /robots.txt need (the full migrate and
    # the demo content are `make run`'s, and would double the test's time).
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.core.management import call_command as c; "
         "c('migrate', 'django_q', verbosity=0); c('migrate', 'wagtailcore', verbosity=0)"],
        cwd=ROOT, env=env, check=True, timeout=180,
    )

    output = tmp_path / "run.log"
    with output.open("w") as log:
        run = subprocess.Popen(
            [sys.executable, "scripts/run.py"], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{env['PORT']}/robots.txt"
        deadline = time.monotonic() + 60
        while not answers(url):
            assert run.poll() is None, output.read_text()
            assert time.monotonic() < deadline, "the site never answered\n" + output.read_text()
            time.sleep(0.5)
        while "running." not in output.read_text():  # the worker is up too
            assert time.monotonic() < deadline, "the worker never started\n" + output.read_text()
            time.sleep(0.5)

        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C does
        returncode = run.wait(timeout=15)
        deadline = time.monotonic() + 5
        while processes_using(database) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = processes_using(database)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        for pid in processes_using(database):
            os.kill(pid, signal.SIGKILL)

    text = output.read_text()
    assert returncode == 0, text
    assert not left, f"still running: {left}\n{text}"
    assert "Segmentation fault" not in text
    assert "has stopped" in text, text  # the worker stopped, not killed
    # The worker logs in English, each line once.
    worker_lines = [line for line in text.splitlines() if "Q Cluster" in line]
    assert worker_lines and not any(HAN.search(line) for line in worker_lines), text
    assert sum("starting." in line for line in worker_lines) == 1, text
