"""The deployment side: production settings, security headers, gunicorn config.

site/ is a plain folder (not a package, see DESIGN.md "Layout"), so its files
are run from their path, never imported.
"""

import logging
import os
import re
import runpy
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN_CONF = BASE_DIR / "site" / "gunicorn.conf.py"


def _production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.pop("SQLITE_PATH", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_VAR_DIR=str(tmp_path / "var"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    env.update(extra)
    return env


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_is_clean(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "ERRORS" not in output, output


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_ALLOWED_HOSTS"]
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


# Sources a policy may name: our own origin and inline data, never another host.
_ALLOWED_SOURCES = {"'self'", "data:", "'none'", "'unsafe-inline'"}


def test_responses_carry_csp_without_third_party_hosts(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200

    policy = response.headers["Content-Security-Policy"]
    directives = {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    for name, sources in directives.items():
        for source in sources:
            assert source in _ALLOWED_SOURCES, f"{name} allows {source!r}"

    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def gunicorn_conf(monkeypatch):
    for name in list(os.environ):
        if name.startswith("GUNICORN_"):
            monkeypatch.delenv(name)

    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(GUNICORN_CONF))

    return load


def test_gunicorn_conf_defaults(gunicorn_conf):
    conf = gunicorn_conf()
    assert conf["bind"] == "127.0.0.1:8000"
    assert isinstance(conf["workers"], int) and 1 <= conf["workers"] <= 12
    assert conf["worker_class"] == "sync"
    assert conf["preload_app"] is True
    assert conf["timeout"] > 0 and conf["graceful_timeout"] > 0
    # Recycling a worker costs about a second of warm-up; at 1000 requests it
    # happened every second under load and halved throughput.
    assert conf["max_requests"] == 0 or conf["max_requests"] >= 50_000
    assert conf["forwarded_allow_ips"] == "127.0.0.1"
    # Tipsters stay anonymous: no client address, no query string, no
    # referrer or user agent in access log lines; no access log by default.
    fmt = conf["access_log_format"]
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(f)s", "%(a)s"):
        assert atom not in fmt
    assert "forwarded" not in fmt.lower() and "real-ip" not in fmt.lower()
    assert conf["accesslog"] is None


def test_gunicorn_conf_reads_environment(gunicorn_conf):
    conf = gunicorn_conf(GUNICORN_BIND="10.0.0.11:8001", GUNICORN_WORKERS="3")
    assert conf["bind"] == "10.0.0.11:8001"
    assert conf["workers"] == 3


def test_gunicorn_conf_is_accepted_by_gunicorn():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "--check-config", "config.wsgi"],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_access_log_skips_tips_and_client_addresses(gunicorn_conf, tmp_path):
    from gunicorn.config import Config

    conf = gunicorn_conf()
    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    cfg.set("access_log_format", conf["access_log_format"])
    logger = conf["AnonymousAccessLogger"](cfg)
    try:
        for path in ("/tips/", "/en/tips/status/", "/zh-hant/tips/", "/news/"):
            environ = {
                "REQUEST_METHOD": "GET",
                "RAW_URI": path + "?code=SECRET",
                "PATH_INFO": path,
                "QUERY_STRING": "code=SECRET",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "203.0.113.7",
                "HTTP_X_FORWARDED_FOR": "198.51.100.9",
            }
            logger.access(
                SimpleNamespace(status="200 OK", sent=12, headers=[]),
                SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.9")]),
                environ,
                timedelta(milliseconds=5),
            )
    finally:
        for name in ("gunicorn.access", "gunicorn.error"):
            for handler in list(logging.getLogger(name).handlers):
                logging.getLogger(name).removeHandler(handler)
                handler.close()

    text = log_file.read_text()
    assert '"GET /news/ HTTP/1.1" 200' in text
    assert "tips" not in text
    assert "SECRET" not in text
    assert not re.search(r"\d+\.\d+\.\d+\.\d+", text)
