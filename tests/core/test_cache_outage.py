"""An outage costs speed, never the site (issue 17): with the cache in a real
Redis that is stopped, frozen and started again in the middle of the test,
public pages, the quiz and the tips form keep answering, the failures are
logged once, sessions survive, and pages are served from the cache again once
Redis is back (config/settings/base.py, "cache")."""

import importlib.util
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from education.models import ArticlePage
from quizzes.models import Attempt, Question
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school
from tests.quizzes.test_student_flow import answer, correct_choice, joined
from tests.tips.helpers import receipt_in, send_tip, setup_office
from tests.utils import add_page, make_site
from tests.wsgi import wsgi_get
from tips.models import Tip

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings" / "base.py"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of this test's own, on a free port, keeping nothing on disk."""

    def __init__(self, folder):
        self.port = _free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)  # in case it is frozen
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def freeze(self):
        """Hung, not gone: connections open, commands never answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)


def settings_with_redis(url: str):
    """config/settings/base.py as a process started with REDIS_URL=url reads it."""
    spec = importlib.util.spec_from_file_location("base_with_redis", BASE_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, {"REDIS_URL": url}):
        spec.loader.exec_module(module)
    return module


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    deployed = settings_with_redis(server.url)
    settings.CACHES = {**settings.CACHES, "default": deployed.CACHES["default"], "pages": deployed.CACHES["pages"]}
    settings.SESSION_ENGINE = deployed.SESSION_ENGINE
    server.q_cluster = deployed.Q_CLUSTER
    yield server
    server.stop()


@pytest.fixture
def outage_log():
    """The records of cache failures that reach the log, from a fresh filter."""
    logger = logging.getLogger("core.cache_outage")
    for log_filter in logger.filters:
        log_filter.__init__()
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.fixture
def article():
    home = make_site()
    return add_page(home, ArticlePage, title="毒品的危害", slug="harm")


@pytest.fixture
def quiz_run():
    return make_run(make_quiz(make_bank(), shuffle_questions=False), make_class(make_school()))


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_pages_quiz_and_tips_answer_while_redis_is_down_and_are_cached_again_when_it_returns(
    redis_server, wsgi_app, article, quiz_run, outage_log
):
    office = setup_office()
    wsgi_get(wsgi_app, "/")
    status, headers, _ = wsgi_get(wsgi_app, "/")
    assert status.startswith("200") and headers["X-Page-Cache"] == "hit"

    redis_server.stop()
    for path in ("/", "/harm/", "/en/"):
        status, headers, body = wsgi_get(wsgi_app, path)
        assert status.startswith(("200", "302")), (path, status, body[:500])
        assert headers["X-Page-Cache"] == "miss"
    assert "毒品的危害" in wsgi_get(wsgi_app, "/harm/")[2]

    student = Client()
    response = student.get("/quiz/")
    assert response.status_code == 200
    attempt = joined(student, quiz_run)
    first = Question.objects.get(pk=attempt.question_ids[0])
    response = answer(student, attempt, 1, choice=correct_choice(first))
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert attempt.answers.count() == 1

    citizen = Client()
    response = send_tip(citizen)
    assert response.status_code == 200, response.content.decode()[:500]
    assert receipt_in(response.content.decode())
    assert Tip.objects.get().unit == office["unit"]

    # Dozens of failed cache calls above; one line in the log says so.
    assert len(outage_log) == 1, [r.getMessage() for r in outage_log]
    assert "Redis" in outage_log[0].getMessage()

    redis_server.start()
    wsgi_get(wsgi_app, "/harm/")  # the reconnect, then the page stored again
    wsgi_get(wsgi_app, "/harm/")
    status, headers, body = wsgi_get(wsgi_app, "/harm/")
    assert status.startswith("200") and headers["X-Page-Cache"] == "hit"
    assert "毒品的危害" in body


def test_a_frozen_redis_costs_each_request_a_short_timeout_not_the_page(redis_server, wsgi_app, article):
    wsgi_get(wsgi_app, "/harm/")
    redis_server.freeze()
    try:
        for _ in range(3):
            (status, headers, body), seconds = timed(lambda: wsgi_get(wsgi_app, "/harm/"))
            assert status.startswith("200") and "毒品的危害" in body
            # Without socket timeouts the request waits as long as Redis is hung.
            assert seconds < 5
    finally:
        redis_server.thaw()


def test_a_staff_session_and_a_students_attempt_survive_a_redis_restart(redis_server, quiz_run):
    editor = get_user_model().objects.create_superuser("editor", password="pw-editor-1")
    staff = Client()
    assert staff.post("/admin/login/", {"username": "editor", "password": "pw-editor-1"}).status_code == 302
    assert staff.get("/admin/").status_code == 200
    student = Client()
    attempt = joined(student, quiz_run)

    redis_server.stop()  # nothing saved: every session copy in Redis is gone
    redis_server.start()

    response = staff.get("/admin/")
    assert response.status_code == 200, "the editor was sent to the login page"
    assert editor.get_username() in response.content.decode()
    response = answer(student, attempt, 1)
    assert response.status_code in (200, 302)
    assert Attempt.objects.get(pk=attempt.pk).answers.count() == 1


def test_a_big_export_queued_while_redis_is_down_is_made_at_once(redis_server, settings, monkeypatch):
    from django_q.conf import Conf

    from quizzes.models import FileJob
    from quizzes.services import start_run_attempt
    from tests.quizzes.builders import make_teacher
    from tests.quizzes.test_certificates import answer_all

    # The queue as deployed with REDIS_URL (test settings run tasks inline, on the ORM).
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", redis_server.q_cluster["redis"])
    settings.QUIZ_SYNC_EXPORT_ROWS = 0
    school = make_school()
    run = make_run(make_quiz(make_bank(), shuffle_questions=False), make_class(school))
    answer_all(start_run_attempt(run, "12")[0], right=True)
    teacher = Client()
    teacher.force_login(make_teacher("teacher-a", school))

    redis_server.stop()
    response = teacher.get(f"/admin/quizzes/runs/{run.pk}/export.xlsx")
    assert response.status_code == 302
    job = FileJob.objects.get()
    assert job.state == FileJob.State.DONE
    assert teacher.get(f"/admin/quizzes/files/{job.pk}/download/")["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_the_worker_waits_for_tasks_on_the_deployed_redis_broker_without_a_timeout(redis_server, monkeypatch):
    from django_q.brokers import get_broker
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", redis_server.q_cluster["redis"])
    broker = get_broker()
    # django-q's pusher polls with a one-second BLPOP; a read timeout shorter
    # than that fails every idle poll ("Failed to pull task from broker").
    assert broker.dequeue() is None
    broker.enqueue("a task")
    assert broker.dequeue() == [(None, b"a task")]
