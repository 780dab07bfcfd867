"""The deployment side: production settings, security headers, gunicorn config.

site/ is a plain folder (not a package, see docs/architecture.md, "Layout and why"), so its files
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
        TIPS_RECEIPT_SECRET=secrets.token_urlsafe(50),
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


@pytest.mark.parametrize(
    "key",
    ["", "   ", "short-key", "django-insecure-dev-only-key-not-for-production"],
    ids=["empty", "blank", "short", "insecure-default"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path, key):
    result = _manage(_production_env(tmp_path, DJANGO_SECRET_KEY=key), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", [None, "", "too-short"], ids=["missing", "empty", "short"])
def test_production_refuses_to_start_without_a_tips_receipt_secret(tmp_path, value):
    env = _production_env(tmp_path)
    if value is None:
        del env["TIPS_RECEIPT_SECRET"]
    else:
        env["TIPS_RECEIPT_SECRET"] = value
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "TIPS_RECEIPT_SECRET" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_ALLOWED_HOSTS"]
    result = _manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


# Sources a policy may name: our own origin, inline data and blobs, a
# per-response nonce; never another host, never 'unsafe-inline'.
_ALLOWED_SOURCES = {"'self'", "data:", "blob:", "'none'"}


def _directives(policy):
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def _assert_own_origin_only(policy):
    for name, sources in _directives(policy).items():
        for source in sources:
            assert source in _ALLOWED_SOURCES or re.fullmatch(r"'nonce-[A-Za-z0-9+/=]+'", source), (
                f"{name} allows {source!r}"
            )


@pytest.mark.django_db
def test_responses_carry_csp_without_third_party_hosts(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200

    policy = response.headers["Content-Security-Policy"]
    directives = _directives(policy)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["style-src"] == ["'self'"]  # no inline style, no nonce unless used
    assert directives["frame-ancestors"] == ["'none'"]  # as X-Frame-Options DENY
    _assert_own_origin_only(policy)

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


def test_gunicorn_error_log_redacts_addresses_and_query_strings(gunicorn_conf, tmp_path):
    """gunicorn's worker logs "Invalid request from ip=<address>: <request line>"."""
    from gunicorn.config import Config

    conf = gunicorn_conf()
    log_file = tmp_path / "error.log"
    cfg = Config()
    cfg.set("errorlog", str(log_file))
    logger = conf["AnonymousAccessLogger"](cfg)
    try:
        logger.warning("Invalid request from ip=203.0.113.7: Invalid HTTP Version: 'GET /tips/?code=SECRET HTTP/9'")
        logger.error("Error handling request from %s", "2001:db8::1")
        logger.info("Booting worker with pid: %s", 4242)
    finally:
        for name in ("gunicorn.access", "gunicorn.error"):
            for handler in list(logging.getLogger(name).handlers):
                logging.getLogger(name).removeHandler(handler)
                handler.close()

    text = log_file.read_text()
    assert "Invalid request from ip=[address]: Invalid HTTP Version: 'GET [tips] HTTP/9'" in text
    assert "Error handling request from [address]" in text
    assert "Booting worker with pid: 4242" in text
    assert "203.0.113.7" not in text and "2001:db8::1" not in text and "SECRET" not in text
    assert "/tips/" not in text


@pytest.mark.django_db
def test_admin_has_its_own_strict_policy(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("boss", password="pw-for-tests-only"))
    for url in ("/admin/", "/admin/login/", "/django-admin/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        policy = response.headers["Content-Security-Policy"]
        directives = _directives(policy)
        assert directives["style-src"] == ["'self'"], url
        # Wagtail 8's inline scripts (tests/browser/test_admin_csp.py), never eval.
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert "'unsafe-eval'" not in policy, url
        _assert_own_origin_only(policy.replace("'unsafe-inline'", "'self'"))


def test_500_page_style_carries_the_responses_nonce(rf):
    from csp.middleware import CSPMiddleware

    from core.views import server_error

    request = rf.get("/broken/")
    middleware = CSPMiddleware(lambda r: server_error(r))
    middleware.process_request(request)
    response = middleware.process_response(request, server_error(request))
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_templates_have_no_inline_style_or_script():
    """style-src and script-src have no 'unsafe-inline': inline code would be dropped."""
    offenders = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"\sstyle\s*=", text) or re.search(r"<style(?![^>]*nonce=)", text):
            offenders.append(f"{template}: inline style")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", text):
            offenders.append(f"{template}: inline script")
    assert not offenders, offenders
