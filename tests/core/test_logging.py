"""Logs keep no client address, query string or referrer (tips must stay anonymous).

These tests read what the handlers configured from settings.LOGGING write,
not pytest's own capture, so they see exactly what a server's journal gets.
"""

import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "203.0.113.7"
IPV6 = "2001:db8:85a3::8a2e:370:7334"


def boom(request):
    raise ValueError(f"cannot handle {request.get_full_path()} for {request.META['REMOTE_ADDR']}")


urlpatterns = [path("boom/", boom)]


@pytest.fixture
def log_output():
    """Everything the site's own log handlers write during the test."""
    stream = io.StringIO()
    handlers = {
        handler
        for name in ("", "django", "django.request", "django.server", "django.security")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler) and not type(handler).__module__.startswith("_pytest")
    }
    assert handlers, "no log handler configured"
    previous = {handler: handler.setStream(stream) for handler in handlers}
    yield stream
    for handler, old in previous.items():
        handler.setStream(old)


@pytest.mark.django_db
def test_404_logs_no_query_string_or_address(client, log_output):
    response = client.get(
        f"/some/path/{ADDRESS}/?secret=1", REMOTE_ADDR=ADDRESS, HTTP_REFERER="https://ref.example/?from=secret"
    )
    assert response.status_code == 404
    text = log_output.getvalue()
    assert text.count("Not Found: /some/path/") == 1, text
    assert "secret" not in text
    assert ADDRESS not in text
    assert "ref.example" not in text


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_logging")
def test_500_logs_the_traceback_without_query_string_or_address(log_output):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/?receipt=SECRET-CODE", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 500
    text = log_output.getvalue()
    assert "Internal Server Error: /boom/" in text
    assert "ValueError: cannot handle /boom/ for" in text  # the traceback is still there
    assert "SECRET-CODE" not in text
    assert "receipt=" not in text
    assert ADDRESS not in text


def test_development_server_lines_drop_the_query_string(log_output):
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /news/?q=SECRET HTTP/1.1", "200", "12",
        extra={"request": None, "server_time": "28/Nov/2026 22:00:00", "status_code": 200},
    )
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /tips/status/?code=SECRET HTTP/1.1", "200", "12",
        extra={"request": None, "server_time": "28/Nov/2026 22:00:00", "status_code": 200},
    )
    text = log_output.getvalue()
    assert '"GET /news/ HTTP/1.1" 200 12' in text
    # Which tips page was asked for is itself a trace: the whole path goes.
    assert '"GET [tips] HTTP/1.1" 200 12' in text
    assert "SECRET" not in text and "/tips/" not in text


def test_any_logger_redacts_addresses(log_output):
    logging.getLogger("django.security.DisallowedHost").error(
        "Invalid HTTP_HOST header: %r from %s and %s at 22:31:23", ADDRESS, IPV6, "::ffff:198.51.100.9"
    )
    text = log_output.getvalue()
    assert "Invalid HTTP_HOST header" in text
    assert ADDRESS not in text and IPV6 not in text and "198.51.100.9" not in text
    assert "22:31:23" in text  # times are not addresses


def test_development_log_lines_appear_once(tmp_path):
    """Django's console handler and the root handler used to print each line twice."""
    script = "import logging, django; django.setup(); logging.getLogger('django.request').warning('only-once-marker')"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_VAR_DIR": str(tmp_path),
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert len(re.findall("only-once-marker", result.stderr)) == 1, result.stderr


def test_a_cache_outage_reads_as_one_line_then_one_a_minute_with_how_many_were_held_back():
    import time

    import time_machine

    from core.logging import OncePerMinuteFilter

    shown = []
    once = OncePerMinuteFilter()

    def failure():
        try:
            raise ConnectionError("Error 111 connecting to redis")
        except ConnectionError:
            record = logging.LogRecord("core.cache_outage", logging.ERROR, __file__, 1, "Exception ignored", (),
                                       sys.exc_info())
        if once.filter(record):
            shown.append(record)

    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(50):  # a few requests' worth of failed cache calls
            failure()
        assert [r.getMessage() for r in shown] == [
            "Redis failing: cache calls are answered as misses and the site runs on the database"]
        assert shown[0].exc_info  # the first says what failed
        clock.shift(30)
        failure()
        assert len(shown) == 1
        clock.shift(31)
        failure()
        assert shown[-1].getMessage() == (
            "Redis still failing: 50 more cache calls answered as misses in the last minute")
        assert not shown[-1].exc_info
        clock.shift(3600)  # back for an hour, then down again: a new outage
        failure()
        assert shown[-1].getMessage().startswith("Redis failing:") and shown[-1].exc_info
        assert len(shown) == 3
