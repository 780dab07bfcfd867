"""Repeated wrong passwords lock the username (not the client address) for a while.

Every login form of the site is covered: the Wagtail admin (/admin/login/),
Wagtail's front-end login for login-restricted pages (/_util/login/, in each
language) and the Django admin (/django-admin/login/). The lockout is said in
the visitor's language on the login page itself, with status 429.
"""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "right-pw-for-tests-only"
LOCKED = {
    "zh-hans": "登录失败次数过多",
    "en": "Too many failed login attempts",
}


@pytest.fixture
def staff(db):
    User.objects.create_superuser("boss", email="boss@example.cn", password=PASSWORD)
    User.objects.create_superuser("other", email="other@example.cn", password=PASSWORD)


def post_login(client, url, username, password):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 (tipster's phone)",
    )


def fail_five_times(client, url, username="boss"):
    for _ in range(5):
        response = post_login(client, url, username, "wrong")
        assert response.status_code in (200, 429)


@pytest.mark.parametrize(
    ("url", "language"),
    [
        ("/admin/login/", "zh-hans"),
        ("/django-admin/login/", "zh-hans"),
        ("/_util/login/", "zh-hans"),
        ("/en/_util/login/", "en"),
    ],
)
def test_five_wrong_passwords_lock_the_username(client, staff, url, language):
    fail_five_times(client, url)

    refused = post_login(client, url, "boss", PASSWORD)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert LOCKED[language] in body
    assert "15" in body  # how long to wait
    assert 'name="password"' in body  # still the login page, not a bare text
    assert "_auth_user_id" not in client.session

    # The lock is on the username: another account logs in from the same address.
    allowed = post_login(client, url, "other", PASSWORD)
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="other").pk)


def test_fewer_failures_do_not_lock(client, staff):
    for _ in range(4):
        post_login(client, "/admin/login/", "boss", "wrong")
    assert post_login(client, "/admin/login/", "boss", PASSWORD).status_code == 302


def test_attempts_store_no_address_or_user_agent(client, staff):
    fail_five_times(client, "/admin/login/")
    post_login(client, "/admin/login/", "other", PASSWORD)

    attempt = AccessAttempt.objects.get(username="boss")
    assert attempt.ip_address is None
    assert attempt.user_agent == ""
    assert "203.0.113.7" not in attempt.get_data + attempt.post_data
    # Successful logins are not recorded with their address either.
    assert not AccessLog.objects.exclude(ip_address=None).exists()
    assert not AccessLog.objects.exclude(user_agent="").exists()


def test_force_login_is_unaffected(client, staff):
    client.force_login(User.objects.get(username="boss"))
    assert client.get("/admin/").status_code == 200
