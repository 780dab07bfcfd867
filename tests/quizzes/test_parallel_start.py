"""Fifty taps on "start" at once, from fifty devices with the same class
number, through a real server: one attempt, and no error page."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connection

from quizzes.models import Attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Django's SQLite test database lives in memory with a shared cache, whose
    # table locks fail at once ("database table is locked") instead of waiting
    # as the deployed file database in WAL mode does; CI runs this test on
    # PostgreSQL, where the class start is measured.
    pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory shared-cache SQLite locks whole tables"),
]

STARTS = 50


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def device(base):
    """A browser of its own: cookies, and the join form's CSRF token."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         NoRedirect)
    page = opener.open(base + "/quiz/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return opener, token


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Server(ThreadedWSGIServer):
    # Fifty connections arrive at once: the default backlog of 5 would reset most.
    request_queue_size = STARTS * 2


@pytest.fixture
def server_url():
    """A threaded server in this process (as Django's live server, with a backlog for a class)."""
    server = Server(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_fifty_parallel_starts_make_one_attempt(server_url):
    run = make_run(make_quiz(make_bank()), make_class(make_school()))
    devices = [device(server_url) for _ in range(STARTS)]
    barrier = threading.Barrier(STARTS)
    statuses, locations = [], []

    def start(opener, token):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": run.join_code, "name": "7"}).encode()
        request = urllib.request.Request(server_url + "/quiz/", data=body,
                                         headers={"Referer": server_url + "/quiz/"})
        barrier.wait()
        try:
            statuses.append(opener.open(request, timeout=60).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            locations.append(error.headers.get("Location"))

    threads = [threading.Thread(target=start, args=d) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Attempt.objects.filter(run=run).count() == 1
    # One tap takes the seat; every other device is told the number is taken
    # (it may be a classmate's typo), never a 500 and never a second seat.
    assert sorted(statuses) == [302] + [409] * (STARTS - 1), sorted(set(statuses))
    token = Attempt.objects.get(run=run).token
    moved = [location for location in locations if location]
    assert len(moved) == 1 and moved[0].endswith(f"/quiz/a/{token}/q/1/"), moved
