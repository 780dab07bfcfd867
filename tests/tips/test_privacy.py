"""Nothing that identifies a tipster reaches any code, log, cache or error
report on the tips pages (issue 9: "no logs, and tested")."""

import io
import logging

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from tests.tips.helpers import (
    CANARY,
    CANARY_ADDRESS,
    CANARY_AGENT,
    CANARY_FORWARDED,
    IDENTIFYING,
    send_tip,
    setup_office,
    solved,
)
from tests.wsgi import wsgi_get
from tips.privacy import TipsPrivacyMiddleware

pytestmark = pytest.mark.django_db
CANARIES = (CANARY_ADDRESS, CANARY_FORWARDED, CANARY_AGENT, "referrer.example")
seen = {}


def spy(request):
    """A tips path that shows what a view could see of the sender."""
    from django.http import HttpResponse

    seen.update(request.META)
    seen["cookies"] = dict(request.COOKIES)
    return HttpResponse("ok")


def boom(request):
    description = request.POST.get("description")  # noqa: F841 - a local an error report would show
    raise ValueError("tips view failed")


urlpatterns = [path("tips/spy/", spy), path("en/tips/spy/", spy), path("tips/boom/", boom), path("news/spy/", spy)]


@pytest.fixture
def every_log_record():
    """Every record at DEBUG, as each handler of the site would format it, and the handlers' own output."""
    stream = io.StringIO()
    handlers = {
        handler
        for name in ("", "django", "django.request", "django.server", "django.security")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler) and not type(handler).__module__.startswith("_pytest")
    }
    previous = {handler: handler.setStream(stream) for handler in handlers}
    old_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    yield stream
    logging.getLogger().setLevel(old_level)
    for handler, old in previous.items():
        handler.setStream(old)


def assert_no_canary(text):
    for canary in CANARIES:
        assert canary not in text, canary


@pytest.mark.urls("tests.tips.test_privacy")
def test_views_see_no_address_user_agent_referrer_or_foreign_cookie():
    client = Client()
    client.cookies["sessionid"] = "editor-session"
    client.cookies["csrftoken"] = "x" * 32
    for url in ("/tips/spy/", "/en/tips/spy/"):
        seen.clear()
        assert client.get(url, **IDENTIFYING).status_code == 200
        assert seen["REMOTE_ADDR"] == ""
        for header in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_USER_AGENT", "HTTP_REFERER"):
            assert header not in seen
        assert seen["cookies"] == {"csrftoken": "x" * 32}
        assert_no_canary(repr(seen))
    # Other pages are untouched.
    seen.clear()
    client.get("/news/spy/", **IDENTIFYING)
    assert seen["REMOTE_ADDR"] == CANARY_ADDRESS


def test_the_privacy_middleware_runs_first(settings):
    assert settings.MIDDLEWARE[0] == "tips.privacy.TipsPrivacyMiddleware"


def test_a_whole_submission_and_status_check_leave_no_trace_in_any_log(client, every_log_record, caplog):
    setup_office()
    caplog.set_level(logging.DEBUG)
    assert send_tip(client).status_code == 200
    assert send_tip(client, description="").status_code == 400  # a form error
    page = client.get("/tips/status/", **IDENTIFYING).content.decode()
    wrong = {"receipt": "1234-5678-9012-3456-0", **solved(page)}
    client.post("/tips/status/", wrong, **IDENTIFYING)
    client.get(f"/tips/nothing-here/?code={CANARY_AGENT}", **IDENTIFYING)  # a 404 record
    client.get("/tips/captcha/0000.png", **IDENTIFYING)
    text = every_log_record.getvalue() + "\n".join(r.getMessage() for r in caplog.records)
    assert "Not Found: [tips]" in every_log_record.getvalue()  # the 404 was logged, without its path
    assert_no_canary(text)
    assert CANARY not in text
    assert "/tips/" not in every_log_record.getvalue()


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_disallowed_host_on_a_tips_path_logs_no_address_or_path(every_log_record):
    response = Client().get(f"/tips/status/?r={CANARY_AGENT}", HTTP_HOST="evil.example", **IDENTIFYING)
    assert response.status_code == 400
    text = every_log_record.getvalue()
    assert "Invalid HTTP_HOST header" in text
    assert_no_canary(text)
    assert "/tips/" not in text


@pytest.mark.urls("tests.tips.test_privacy")
@override_settings(ADMINS=[("Admin", "admin@example.org")], DEBUG=False)
def test_error_reports_and_admin_mails_hold_no_post_value(every_log_record):
    from django.utils.log import AdminEmailHandler

    handler = AdminEmailHandler(include_html=True)
    logging.getLogger("django.request").addHandler(handler)
    try:
        client = Client(raise_request_exception=False)
        response = client.post("/tips/boom/", {"description": CANARY}, **IDENTIFYING)
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 500
    assert "Internal Server Error: [tips]" in every_log_record.getvalue()
    assert_no_canary(every_log_record.getvalue())
    # Even an ADMINS mail handler, if one were added, would carry none of it.
    assert mail.outbox
    for message in mail.outbox:
        body = message.body + "".join(str(a[0]) for a in message.alternatives)
        assert CANARY not in body
        assert_no_canary(body)


def test_debug_error_page_shows_no_post_value_or_variable(rf):
    from django.views.debug import technical_500_response

    request = rf.post("/tips/", {"description": CANARY}, **IDENTIFYING)
    TipsPrivacyMiddleware(lambda r: HttpResponse())(request)
    try:
        description = request.POST["description"]  # noqa: F841
        raise ValueError("x")
    except ValueError:
        import sys

        response = technical_500_response(request, *sys.exc_info())
    assert CANARY not in response.content.decode()


def test_tips_responses_are_never_cached_and_leak_nothing_onward(client):
    setup_office()
    for response in (client.get("/tips/"), client.get("/en/tips/status/"), send_tip(client)):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        for feature in ("geolocation=()", "camera=()", "microphone=()"):
            assert feature in response["Permissions-Policy"]
        csp = response["Content-Security-Policy"]
        assert "http" not in csp.replace("https:", "")  # no other host named
        assert set(response.cookies) <= {"csrftoken"}
        if "csrftoken" in response.cookies:
            assert response.cookies["csrftoken"]["samesite"] == "Strict"
            assert response.cookies["csrftoken"]["httponly"]


def test_the_page_cache_never_keeps_a_tips_page(wsgi_app):
    setup_office()
    first = wsgi_get(wsgi_app, "/tips/")
    second = wsgi_get(wsgi_app, "/tips/")
    assert first[0].startswith("200")
    assert second[1].get("X-Page-Cache") != "hit"
    assert "no-store" in second[1]["Cache-Control"]


def test_pages_name_no_other_host_and_offer_a_quick_exit(client):
    import re

    setup_office()
    html = client.get("/tips/").content.decode()
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    assert 'class="tips-exit" href="/newtab/"' in html and "quick-exit.js" in html
    # Where it lands says nothing of drugs, tips or the police, and keeps nothing.
    neutral = client.get("/newtab/")
    assert neutral.status_code == 200 and not neutral.cookies
    assert "no-store" in neutral["Cache-Control"] or "max-age=0" in neutral["Cache-Control"]
    text = neutral.content.decode()
    assert "新标签页" in text
    for word in ("毒", "线索", "举报", "警", "tips", "drug"):
        assert word not in text.lower(), word
    assert 'rel="noreferrer"' in html
    assert "<script" in html and "pow.js" in html
    # No inline script: the CSP allows only files from our own origin.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_a_form_post_with_origin_null_is_accepted(client):
    """With Referrer-Policy: no-referrer, browsers post forms with "Origin: null"."""
    setup_office()
    client = Client(enforce_csrf_checks=True)
    page = client.get("/tips/status/")
    token = page.cookies["csrftoken"].value
    import re

    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    data = {"csrfmiddlewaretoken": form_token, "receipt": "", **solved(page.content.decode())}
    response = client.post("/tips/status/", data, HTTP_ORIGIN="null", secure=False)
    assert response.status_code == 400  # the form's own error, not a CSRF 403
    assert token
    # A post from another site is still refused.
    foreign = client.post("/tips/status/", data, HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403
    without_token = Client(enforce_csrf_checks=True).post("/tips/status/", {"receipt": "1"}, HTTP_ORIGIN="null")
    assert without_token.status_code == 403


def test_nginx_sample_logs_nothing_and_passes_no_address_for_tips():
    import re
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "site" / "nginx.conf.example").read_text()
    block = re.search(r"location ~ \^/\(\?:\(\?:en\|zh-hant\)/\)\?tips\(\?:/\|\$\) \{(.*?)\n    \}", text, re.S).group(1)
    assert "access_log off;" in block
    assert "error_log /dev/null crit;" in block
    assert 'proxy_set_header X-Forwarded-For "";' in block
    assert 'proxy_set_header X-Real-IP "";' in block
    assert "$remote_addr" not in block
    # Uploads stay in nginx's memory, never in a temporary file.
    assert "client_body_buffer_size 52m;" in block and "client_max_body_size 52m;" in block
