"""Rewards: the unit proposes, a reward officer decides, the tipster sees the
amount and a claim code once, the claim records an identity only reward
officers can read, and the register for finance holds no identity."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.tips.helpers import (
    PASSPHRASE,
    authenticator,
    current_code,
    jpeg_with_metadata,
    receipt_in,
    send_tip,
    setup_office,
    solved,
    unlock,
)
from tests.tips.test_crypto import assert_absent, database_dump, files_dump
from tips import crypto, rewards
from tips.models import AuditEntry, Reward, RewardOfficer, Tip
from tips.reward_console import UNLOCK_COOKIE

pytestmark = pytest.mark.django_db

CLAIMANT_NAME = "王小明CANARY"
CLAIMANT_ID = "11010519491231002X"  # the GB 11643 sample number: valid check digit
BANK = "6222020200112233445"


@pytest.fixture
def office(client, settings):
    return reward_office(client, settings)


def reward_office(client, settings) -> dict:
    """The office with one tip and a reward officer holding the reward key."""
    settings.TIPS_REWARD_CLAIM_PLACE = "南城派出所一楼接待室"
    office = setup_office()
    office["receipt"] = receipt_in(send_tip(client).content.decode())
    office["tip"] = Tip.objects.get()
    users = get_user_model().objects
    office["reward_officer"] = users.create_user("cashier", password="pw-cashier")
    rewards.create_reward_key(office["reward_officer"], PASSPHRASE)
    client.logout()
    return office


def shown(day) -> str:
    """A date as the Chinese pages show it."""
    return f"{day.year}年{day.month}月{day.day}日"


def unlock_rewards(client, user, passphrase=PASSPHRASE):
    client.force_login(user)
    device = authenticator(user)
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    return client.post("/admin/tips/rewards/", {"passphrase": passphrase, "otp_token": current_code(device)})


def solve_and_propose(client, office, amount=500):
    tip = office["tip"]
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{tip.reference}/", {"action": "status", "status": "solved"})
    return client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": amount})


def status_page(client, receipt) -> str:
    client.logout()
    page = client.get("/tips/status/").content.decode()
    response = client.post("/tips/status/", {"receipt": receipt, **solved(page)})
    assert response.status_code == 200
    return response.content.decode()


def approved_reward(client, office) -> Reward:
    solve_and_propose(client, office)
    reward = Reward.objects.get()
    unlock_rewards(client, office["reward_officer"])
    response = client.post(
        f"/admin/tips/rewards/{reward.pk}/", {"action": "approve", "claim_place": "南城派出所一楼接待室"}
    )
    assert response.status_code == 302
    reward.refresh_from_db()
    return reward


def claim_code_in(html: str) -> str:
    found = re.search(r'class="tips-receipt"><strong>([A-Z0-9-]+)</strong>', html)
    assert found, "no claim code in the page"
    return found.group(1)


def claim(client, reward, code, **overrides):
    data = {"action": "claim", "claim_code": code, "name": CLAIMANT_NAME, "id_number": CLAIMANT_ID,
            "bank_account": BANK}
    data.update(overrides)
    return client.post(f"/admin/tips/rewards/{reward.pk}/", data)


def test_propose_approve_see_claim_and_read_the_identity(client, office):
    tip = office["tip"]
    response = solve_and_propose(client, office)
    assert response.status_code == 302
    reward = Reward.objects.get()
    assert (reward.amount, reward.status, reward.unit) == (500, "proposed", office["unit"])
    # Before approval the tipster sees no reward.
    assert "¥500" not in status_page(client, office["receipt"])

    # The reward officer unlocks with passphrase and code, then approves.
    locked = unlock_rewards(client, office["reward_officer"], "not the passphrase")
    assert locked.status_code == 200 and UNLOCK_COOKIE not in locked.cookies
    assert client.get(f"/admin/tips/rewards/{reward.pk}/").status_code == 302  # back to the unlock form
    unlocked = unlock_rewards(client, office["reward_officer"])
    assert unlocked.status_code == 302
    cookie = unlocked.cookies[UNLOCK_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/admin/tips/rewards/"
    assert tip.reference in client.get("/admin/tips/rewards/").content.decode()
    client.post(f"/admin/tips/rewards/{reward.pk}/", {"action": "approve", "claim_place": "南城派出所一楼接待室"})
    reward.refresh_from_db()
    assert reward.status == "approved" and reward.claim_until is None  # the window starts with the notice

    # The tipster sees amount, place, deadline and, once, the claim code.
    html = status_page(client, office["receipt"])
    reward.refresh_from_db()
    assert "¥500" in html and "南城派出所一楼接待室" in html and shown(reward.claim_until) in html
    code = claim_code_in(html)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert code.replace("-", "") not in office["receipt"].replace("-", "")
    again = status_page(client, office["receipt"])
    assert "¥500" in again and code not in again
    reward.refresh_from_db()
    assert reward.claim_code_hash.startswith(crypto.current_hash_params())
    assert reward.claim_code_hash != tip.receipt_hash

    # At the counter: claim code (typed loosely) and identity.
    unlock_rewards(client, office["reward_officer"])
    response = claim(client, reward, code.lower().replace("-", " "))
    assert response.status_code == 302, response.content.decode()
    reward.refresh_from_db()
    assert reward.status == "claimed" and reward.claimed_by == "cashier"
    page = client.get(f"/admin/tips/rewards/{reward.pk}/").content.decode()
    assert CLAIMANT_NAME in page and CLAIMANT_ID in page and BANK in page
    assert "¥500" in status_page(client, office["receipt"])

    # Nobody else can read it: the identity is in no table or file in clear.
    dump = database_dump() + files_dump()
    for secret in (CLAIMANT_NAME, CLAIMANT_ID, BANK, code.replace("-", "")):
        assert_absent(secret, dump)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for action in ("reward proposed", "reward unlock failed", "reward unlock", "reward approved",
                   "reward claim code shown", "reward claimed", "reward identity viewed"):
        assert action in actions, action
    assert not any(CLAIMANT_NAME in e.detail or CLAIMANT_ID in e.detail for e in AuditEntry.objects.all())
    call_command("verify_tips_audit")


def test_police_superusers_and_editors_cannot_read_the_identity(client, office):
    reward = approved_reward(client, office)
    code = claim_code_in(status_page(client, office["receipt"]))
    unlock_rewards(client, office["reward_officer"])
    claim(client, reward, code)
    users = get_user_model().objects
    admin = users.create_superuser("boss", password="x")
    editor = users.create_user("editor", password="x")
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    # A police officer who also got into the group by mistake still holds no key.
    office["officer"].groups.add(rewards.reward_group())
    for user in (office["officer"], admin, editor):
        client.force_login(user)
        for url in ("/admin/tips/rewards/", f"/admin/tips/rewards/{reward.pk}/", "/admin/tips/rewards/register.csv"):
            response = client.get(url)
            assert response.status_code in (302, 403) and CLAIMANT_NAME not in response.content.decode()
            if response.status_code == 302:
                assert response["Location"] == "/admin/"  # Wagtail's answer to a 403
        assert "/admin/tips/rewards/" not in client.get("/admin/").content.decode()
    # The police officer's own tip page shows the reward's state, never who collected it.
    unlock(client, office["officer"], office["unit"])
    page = client.get(f"/admin/tips/{office['tip'].reference}/").content.decode()
    assert "¥500" in page and CLAIMANT_NAME not in page and CLAIMANT_ID not in page
    # And the police unit's key does not open the claim.
    from tips.keys import unit_key_from_member

    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    from nacl.exceptions import CryptoError

    reward.refresh_from_db()
    with pytest.raises(CryptoError):
        rewards.read_claim(reward, unit_key)


def test_the_claim_window_counts_from_the_notice_and_a_late_claim_is_refused(client, office, time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 20, 9, tzinfo=datetime.UTC))
    reward = approved_reward(client, office)
    # The tipster comes back on 31 December: notified that day, 2 months to claim (the rules).
    time_machine.move_to(datetime.datetime(2026, 12, 31, 7, 41, 13, tzinfo=datetime.UTC))
    code = claim_code_in(status_page(client, office["receipt"]))
    reward.refresh_from_db()
    assert reward.claim_code_shown_on == datetime.date(2026, 12, 31)
    assert reward.claim_until == datetime.date(2027, 2, 28)  # no 31 February: the month's last day
    time_machine.move_to(datetime.datetime.combine(reward.claim_until, datetime.time(12)) + datetime.timedelta(days=1))
    html = status_page(client, office["receipt"])
    assert shown(reward.claim_until) in html and "¥500" in html
    unlock_rewards(client, office["reward_officer"])
    response = claim(client, reward, code)
    assert response.status_code == 400
    text = response.content.decode()
    assert "领取期限" in text and shown(reward.claim_until) in text
    reward.refresh_from_db()
    assert reward.status == "approved" and reward.claim_data is None
    assert AuditEntry.objects.filter(action="reward claim refused", detail__endswith="claim period over").exists()


def test_on_the_last_day_the_claim_is_still_accepted(client, office, time_machine):
    reward = approved_reward(client, office)
    code = claim_code_in(status_page(client, office["receipt"]))
    reward.refresh_from_db()
    time_machine.move_to(datetime.datetime.combine(reward.claim_until, datetime.time(12)))
    unlock_rewards(client, office["reward_officer"])
    assert claim(client, reward, code).status_code == 302


def test_a_wrong_claim_code_or_id_number_is_refused_with_a_clear_message(client, office):
    reward = approved_reward(client, office)
    unlock_rewards(client, office["reward_officer"])
    early = claim(client, reward, "ABCDE-FGHJK")
    assert early.status_code == 400 and "还没有" in early.content.decode()  # the tipster has no code yet
    code = claim_code_in(status_page(client, office["receipt"]))
    unlock_rewards(client, office["reward_officer"])
    wrong = "ABCDE-FGHJK" if code != "ABCDE-FGHJK" else "ZZZZZ-ZZZZZ"
    response = claim(client, reward, wrong)
    assert response.status_code == 400 and "不属于" in response.content.decode()
    assert CLAIMANT_NAME in response.content.decode()  # what the officer typed is kept
    assert AuditEntry.objects.filter(action="reward claim refused", detail__endswith="wrong claim code").exists()
    bad_id = claim(client, reward, code, id_number="110105194912310021")
    assert bad_id.status_code == 400 and "最后一位" in bad_id.content.decode()
    short = claim(client, reward, code, id_number="1101051949")
    assert short.status_code == 400 and "18" in short.content.decode()
    proxy = claim(client, reward, code, by_proxy="on")
    assert proxy.status_code == 400 and "委托书" in proxy.content.decode()
    reward.refresh_from_db()
    assert reward.status == "approved"


def test_a_claim_by_proxy_keeps_the_letter_for_reward_officers_only(client, office):
    reward = approved_reward(client, office)
    code = claim_code_in(status_page(client, office["receipt"]))
    unlock_rewards(client, office["reward_officer"])
    response = claim(client, reward, code, by_proxy="on", bank_account="", proxy_letter=jpeg_with_metadata("委托书.jpg"))
    assert response.status_code == 302, response.content.decode()
    reward.refresh_from_db()
    assert not bytes(reward.proxy_letter.read()).startswith(b"\xff\xd8\xff")
    letter = client.get(f"/admin/tips/rewards/{reward.pk}/proxy-letter/")
    assert letter.status_code == 200 and letter.content.startswith(b"\xff\xd8\xff")
    assert AuditEntry.objects.filter(action="reward proxy letter downloaded").exists()
    unlock(client, office["officer"], office["unit"])
    assert client.get(f"/admin/tips/rewards/{reward.pk}/proxy-letter/").status_code in (302, 403)


def test_police_propose_only_for_a_solved_case_and_at_least_300_yuan(client, office):
    tip = office["tip"]
    unlock(client, office["officer"], office["unit"])
    early = client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": 1000})
    assert early.status_code == 400 and "已破案" in early.content.decode()
    client.post(f"/admin/tips/{tip.reference}/", {"action": "status", "status": "solved"})
    low = client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": 299})
    assert low.status_code == 400 and "300" in low.content.decode()
    text = client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": "五百"})
    assert text.status_code == 400
    assert not Reward.objects.exists()
    assert client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": 300}).status_code == 302
    twice = client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": 800})
    assert twice.status_code == 400 and Reward.objects.count() == 1
    # Another unit cannot propose for this tip.
    unlock(client, office["drugs_officer"], office["drugs_unit"])
    assert client.post(f"/admin/tips/{tip.reference}/", {"action": "reward", "amount": 800}).status_code == 404


def test_a_rejected_reward_is_not_shown_to_the_tipster(client, office):
    solve_and_propose(client, office, amount=2000)
    reward = Reward.objects.get()
    unlock_rewards(client, office["reward_officer"])
    client.post(f"/admin/tips/rewards/{reward.pk}/", {"action": "reject"})
    reward.refresh_from_db()
    assert reward.status == "rejected"
    assert "¥2000" not in status_page(client, office["receipt"])
    assert AuditEntry.objects.filter(action="reward rejected").exists()


def test_the_register_for_finance_holds_no_identity(client, office):
    reward = approved_reward(client, office)
    code = claim_code_in(status_page(client, office["receipt"]))
    unlock_rewards(client, office["reward_officer"])
    claim(client, reward, code)
    reward.refresh_from_db()
    response = client.get("/admin/tips/rewards/register.csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][:4] == [office["tip"].reference, office["unit"].name, "500", reward.get_status_display()]
    assert str(reward.claimed_on) in rows[1]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/admin/tips/rewards/register.xlsx").content))
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert 500 in cells and office["unit"].name in cells
    for export in (response.content.decode("utf-8-sig"), " ".join(str(c) for c in cells)):
        for secret in (CLAIMANT_NAME, CLAIMANT_ID, BANK, "cashier"):
            assert secret not in export
    assert client.get("/admin/tips/rewards/register.exe").status_code == 404
    assert AuditEntry.objects.filter(action="reward register exported", detail="xlsx").exists()


def test_id_numbers_are_checked():
    assert rewards.id_number_problem(CLAIMANT_ID) == ""
    assert rewards.id_number_problem(rewards.normalise_id_number(" 11010519491231002x ")) == ""
    assert rewards.id_number_problem("110105194912310021")  # wrong check digit
    assert rewards.id_number_problem("110105194902300025")  # 30 February
    assert rewards.id_number_problem("11010519491231002")


def test_claim_codes_are_random_and_stored_like_receipts():
    codes = {crypto.new_claim_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = codes.pop()
    assert crypto.claim_code_hash(code) == crypto.claim_code_hash(crypto.format_claim_code(code).lower())
    assert crypto.claim_code_hash(code) != crypto.receipt_hash("0" * 17)


def test_commands_create_the_key_and_add_officers(monkeypatch):
    users = get_user_model().objects
    first, second = users.create_user("first"), users.create_user("second")
    monkeypatch.setenv("FIRST_PASS", PASSPHRASE)
    monkeypatch.setenv("SECOND_PASS", "another long passphrase")
    call_command("tips_reward_key", "first", passphrase_env="FIRST_PASS")
    with pytest.raises(CommandError, match="exists"):
        call_command("tips_reward_key", "first", passphrase_env="FIRST_PASS")
    with pytest.raises(CommandError, match="wrong passphrase"):
        call_command("tips_add_reward_officer", "second", by="first", by_passphrase_env="SECOND_PASS",
                     passphrase_env="SECOND_PASS")
    call_command("tips_add_reward_officer", "second", by="first", by_passphrase_env="FIRST_PASS",
                 passphrase_env="SECOND_PASS")
    assert rewards.is_reward_officer(second)
    assert AuditEntry.objects.filter(action="reward officer added", detail="second").count() == 1
    officer = RewardOfficer.objects.get(user=second)
    assert officer.unlock("another long passphrase") == RewardOfficer.objects.get(user=first).unlock(PASSPHRASE)
    call_command("tips_add_reward_officer", "second", remove=True)
    assert not rewards.is_reward_officer(second)


def test_a_reward_officer_sets_up_the_second_factor_first_and_sees_no_tip(client, office, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    cashier = office["reward_officer"]
    client.force_login(cashier)
    first = client.get("/admin/tips/rewards/").content.decode()
    assert "/admin/tips/authenticator/" in first and 'name="passphrase"' not in first
    assert client.get("/admin/tips/authenticator/").status_code == 200
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=cashier, confirmed=False)
    confirmed = client.post("/admin/tips/authenticator/", {"otp_token": current_code(device)})
    assert confirmed.status_code == 302 and confirmed["Location"] == "/admin/tips/rewards/"
    wrong_code = client.post("/admin/tips/rewards/", {"passphrase": PASSPHRASE, "otp_token": "000000"})
    assert wrong_code.status_code == 200 and UNLOCK_COOKIE not in wrong_code.cookies
    assert AuditEntry.objects.filter(action="reward unlock failed", detail="second factor").exists()
    # A reward officer is not police: no tip, no inbox.
    assert client.get("/admin/tips/")["Location"] == "/admin/"
    assert client.get(f"/admin/tips/{office['tip'].reference}/").status_code == 404


def test_the_claim_form_keeps_its_csrf_check_and_its_uploads_in_memory(client, office):
    from django.test import Client

    reward = approved_reward(client, office)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies  # the same signed-in, unlocked session
    refused = strict.post(f"/admin/tips/rewards/{reward.pk}/", {"action": "reject"})
    assert refused.status_code == 403
    reward.refresh_from_db()
    assert reward.status == "approved"
    page = strict.get(f"/admin/tips/rewards/{reward.pk}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    too_big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    too_big.name = "letter.pdf"
    response = strict.post(f"/admin/tips/rewards/{reward.pk}/", {
        "csrfmiddlewaretoken": token, "action": "claim", "claim_code": "ABCDE-FGHJK", "name": CLAIMANT_NAME,
        "id_number": CLAIMANT_ID, "by_proxy": "on", "proxy_letter": too_big,
    })
    assert response.status_code == 400 and "10 MB" in response.content.decode()


def test_a_claim_under_a_replaced_key_is_not_readable_with_the_new_one(client, office):
    reward = approved_reward(client, office)
    code = claim_code_in(status_page(client, office["receipt"]))
    unlock_rewards(client, office["reward_officer"])
    claim(client, reward, code, by_proxy="on", bank_account="", proxy_letter=jpeg_with_metadata())
    newcomer = get_user_model().objects.create_user("newcomer")
    rewards.create_reward_key(newcomer, PASSPHRASE)  # manage.py tips_reward_key --replace
    unlock_rewards(client, newcomer)
    page = client.get(f"/admin/tips/rewards/{reward.pk}/")
    assert page.status_code == 200 and CLAIMANT_NAME not in page.content.decode()
    assert "以前的奖励专员密钥" in page.content.decode()
    assert client.get(f"/admin/tips/rewards/{reward.pk}/proxy-letter/").status_code == 404
    # The old officer's copy no longer opens the console's current key.
    assert unlock_rewards(client, office["reward_officer"]).status_code == 200
