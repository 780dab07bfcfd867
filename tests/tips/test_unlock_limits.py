"""Unlocking a unit's key or the reward officers' key: the passphrase and the
code are checked together and a wrong try names neither; tries are limited
per officer account, slowing down rather than locking, and one officer's
wrong tries never hold up another (tips/unlock_limits.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.tips.helpers import PASSPHRASE, authenticator, current_code, setup_office
from tips import rewards
from tips.console import UNLOCK_COOKIE
from tips.reward_console import UNLOCK_COOKIE as REWARD_COOKIE

pytestmark = pytest.mark.django_db
WRONG = "口令或验证码不正确"


@pytest.fixture
def office(settings, time_machine):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay after a wrong code is not what is tested
    time_machine.move_to(timezone.now(), tick=False)
    return setup_office()


def fresh_code(user) -> str:
    device = authenticator(user)
    device.refresh_from_db()
    device.last_t = -1  # each try here may reuse the current 30-second code
    device.save()
    return current_code(device)


def try_unlock(client, user, unit, passphrase=PASSPHRASE, code=None, url="/admin/tips/"):
    client.force_login(user)
    data = {"passphrase": passphrase, "otp_token": code or fresh_code(user)}
    if unit is not None:
        data["unit"] = unit.pk
    return client.post(url, data)


def test_a_wrong_passphrase_and_a_wrong_code_get_the_same_answer(client, office):
    officer, unit = office["officer"], office["unit"]
    answers = [
        try_unlock(client, officer, unit, passphrase="not the passphrase"),
        try_unlock(client, officer, unit, code="000000" if fresh_code(officer) != "000000" else "111111"),
    ]
    for answer in answers:
        html = answer.content.decode()
        assert answer.status_code == 200 and UNLOCK_COOKIE not in answer.cookies
        assert WRONG in html
        for telling in ("不能打开", "验证码错误或已使用"):
            assert telling not in html


def test_an_officer_is_slowed_down_after_five_wrong_tries_and_not_locked_out(client, office, time_machine):
    officer, unit = office["officer"], office["unit"]
    for _ in range(5):
        assert WRONG in try_unlock(client, officer, unit, passphrase="a wrong guess here").content.decode()
    # The sixth try, even with the right passphrase and code, waits a minute.
    held = try_unlock(client, officer, unit)
    assert UNLOCK_COOKIE not in held.cookies and "1 分钟" in held.content.decode()
    time_machine.shift(61)
    assert WRONG in try_unlock(client, officer, unit, passphrase="a wrong guess here").content.decode()
    # Each further wrong try doubles the wait.
    time_machine.shift(61)
    assert "分钟" in try_unlock(client, officer, unit).content.decode()
    time_machine.shift(60)
    # Another officer's tries are not held up by these.
    other = try_unlock(client, office["drugs_officer"], office["drugs_unit"])
    assert other.status_code == 302 and UNLOCK_COOKIE in other.cookies
    unlocked = try_unlock(client, officer, unit)
    assert unlocked.status_code == 302 and UNLOCK_COOKIE in unlocked.cookies
    # A successful unlock starts the count again.
    for _ in range(5):
        try_unlock(client, officer, unit, passphrase="a wrong guess here")
    assert "分钟" in try_unlock(client, officer, unit).content.decode()


def test_the_reward_key_is_limited_and_answers_alike(client, office, time_machine):
    cashier = get_user_model().objects.create_user("cashier", password="pw-cashier")
    rewards.create_reward_key(cashier, PASSPHRASE)
    url = "/admin/tips/rewards/"
    wrong_code = "000000" if fresh_code(cashier) != "000000" else "111111"
    for passphrase, code in [("not the passphrase", None), (PASSPHRASE, wrong_code)] * 2 + [("nope nope nope", None)]:
        answer = try_unlock(client, cashier, None, passphrase=passphrase, code=code, url=url)
        assert WRONG in answer.content.decode() and REWARD_COOKIE not in answer.cookies
    assert "分钟" in try_unlock(client, cashier, None, url=url).content.decode()
    time_machine.shift(61)
    assert REWARD_COOKIE in try_unlock(client, cashier, None, url=url).cookies
