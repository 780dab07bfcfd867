"""Rewards as 毒品违法犯罪举报奖励办法 (2018) says: police reminded after 15
working days, the national scale's bounds, a closed tip kept for its claim,
the claimant's identity destroyed after the accounting retention, and
reward ids that tell non-officers nothing. Time moves with time-machine."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_q.models import Schedule

from tests.tips.helpers import jpeg_with_metadata, solved, unlock
from tests.tips.test_rewards import (
    CLAIMANT_NAME,
    approved_reward,
    claim,
    claim_code_in,
    reward_office,
    solve_and_propose,
    status_page,
    unlock_rewards,
)
from tips import rewards
from tips.models import AuditEntry, Reward, Tip, TipTombstone
from tips.retention import purge_expired_tips
from tips.schedules import SCHEDULES

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def office(client, settings):
    return reward_office(client, settings)


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def mark_solved(client, office):
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{office['tip'].reference}/", {"action": "status", "status": "solved"})


def test_police_are_reminded_once_after_15_working_days_without_a_proposal(client, office, time_machine, settings):
    office["officer"].email = "officer@example.com"
    office["officer"].save()
    time_machine.move_to(at(2026, 9, 4))  # a Friday
    mark_solved(client, office)
    assert Tip.objects.get().solved_on == datetime.date(2026, 9, 4)
    # 14 working days later (Thursday 24 September): not yet.
    time_machine.move_to(at(2026, 9, 24))
    assert rewards.remind_unproposed_rewards() == 0 and not mail.outbox
    # The 15th working day (Friday 25 September): one constant notice to the unit, audited.
    time_machine.move_to(at(2026, 9, 25))
    assert rewards.remind_unproposed_rewards() == 1
    assert [m.to for m in mail.outbox] == [["officer@example.com"]]
    assert mail.outbox[0].subject == rewards.REMINDER_SUBJECT
    assert office["tip"].reference not in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="reward reminder", tip_reference=office["tip"].reference).exists()
    # Not every day after.
    time_machine.move_to(at(2026, 9, 28))
    assert rewards.remind_unproposed_rewards() == 0 and len(mail.outbox) == 1
    # The schedule that runs it daily is registered.
    assert any(s["func"] == "tips.rewards.remind_unproposed_rewards" and s["schedule_type"] == Schedule.DAILY
               for s in SCHEDULES)


def test_holidays_set_by_the_office_move_the_reminder_and_a_proposal_stops_it(client, office, time_machine, settings):
    settings.TIPS_PUBLIC_HOLIDAYS = ["2026-09-24"]
    settings.TIPS_ADJUSTED_WORKING_DAYS = []
    time_machine.move_to(at(2026, 9, 4))
    mark_solved(client, office)
    time_machine.move_to(at(2026, 9, 25))
    assert rewards.remind_unproposed_rewards() == 0  # the 24th was a holiday: 14 working days
    settings.TIPS_ADJUSTED_WORKING_DAYS = ["2026-09-20"]  # a Sunday worked instead
    assert rewards.remind_unproposed_rewards() == 1
    # A tip with a proposal is never reminded of.
    Tip.objects.update(reward_reminded_on=None)
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{office['tip'].reference}/", {"action": "reward", "amount": 500})
    assert rewards.remind_unproposed_rewards() == 0


def test_the_amount_is_within_the_national_scale_by_default(client, office, settings):
    mark_solved(client, office)
    reference = office["tip"].reference
    page = client.get(f"/admin/tips/{reference}/").content.decode()
    assert "¥300" in page and "¥300000" in page
    too_much = client.post(f"/admin/tips/{reference}/", {"action": "reward", "amount": 300_001})
    assert too_much.status_code == 400 and "300000" in too_much.content.decode()
    assert client.post(f"/admin/tips/{reference}/", {"action": "reward", "amount": 300_000}).status_code == 302
    assert Reward.objects.get().amount == 300_000


def test_a_closed_tip_keeps_its_claim_until_the_window_ends(client, office, time_machine):
    time_machine.move_to(at(2026, 3, 2))
    reward = approved_reward(client, office)
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{office['tip'].reference}/", {"action": "status", "status": "closed"})
    # Past the tipster's 30 days after closing: the tipster was never notified.
    time_machine.move_to(at(2026, 5, 29))
    assert purge_expired_tips() == 0
    html = status_page(client, office["receipt"])
    assert "¥500" in html and claim_code_in(html)
    reward.refresh_from_db()
    assert reward.claim_until == datetime.date(2026, 7, 29)
    time_machine.move_to(at(2026, 7, 29, 20))  # the last day of the window
    assert purge_expired_tips() == 0
    assert "¥500" in status_page(client, office["receipt"])
    time_machine.move_to(at(2026, 7, 30))
    assert purge_expired_tips() == 1
    assert TipTombstone.objects.filter(tip_id=office["tip"].pk).exists()
    reward.refresh_from_db()
    assert reward.tip is None and reward.claim_expired


def no_tip_for(client, receipt) -> bool:
    client.logout()
    page = client.get("/tips/status/").content.decode()
    response = client.post("/tips/status/", {"receipt": receipt, **solved(page)})
    return response.status_code == 400 and "没有找到与此回执号对应的线索" in response.content.decode()


def test_a_tipster_who_never_looks_does_not_keep_the_tip_for_ever(client, office, time_machine):
    time_machine.move_to(at(2026, 3, 2))
    reward = approved_reward(client, office)
    unlock(client, office["officer"], office["unit"])
    client.post(f"/admin/tips/{office['tip'].reference}/", {"action": "status", "status": "closed"})
    # The approval waits 90 days (TIPS_RETENTION_DAYS, to 31 May), then counts
    # as notified: 2 months to claim from then, to 31 July.
    time_machine.move_to(at(2026, 7, 31, 20))
    assert purge_expired_tips() == 0
    time_machine.move_to(at(2026, 8, 1, 3))
    assert purge_expired_tips() == 1
    assert TipTombstone.objects.filter(tip_id=office["tip"].pk).exists()
    assert no_tip_for(client, office["receipt"])
    reward.refresh_from_db()
    assert reward.tip is None and reward.claim_expired and reward.claim_until == datetime.date(2026, 7, 31)
    assert not reward.claim_code_hash and reward.claim_code_shown_on is None
    assert AuditEntry.objects.filter(action="reward claim period over, never seen").count() == 1
    # Someone at the counter with a made-up code hears the period is over.
    unlock_rewards(client, office["reward_officer"])
    response = claim(client, reward, "ABCDE-FGHJK")
    assert response.status_code == 400 and "领取期限已于" in response.content.decode()
    reward.refresh_from_db()
    assert reward.status == "approved" and reward.claim_data is None


def test_a_late_first_look_gets_what_is_left_of_the_window_and_then_nothing(client, office, time_machine):
    time_machine.move_to(at(2026, 3, 2))
    reward = approved_reward(client, office)  # the case stays solved, not closed: the tip is kept
    time_machine.move_to(at(2026, 6, 15))  # after the 90 days: notified on 31 May
    html = status_page(client, office["receipt"])
    assert claim_code_in(html)
    reward.refresh_from_db()
    assert reward.claim_until == datetime.date(2026, 7, 31)
    assert "2026年7月31日" in html

    Reward.objects.filter(pk=reward.pk).update(claim_code_hash="", claim_code_shown_on=None, claim_until=None)
    time_machine.move_to(at(2026, 8, 3))  # first look after that window: no code, the period is over
    html = status_page(client, office["receipt"])
    assert "¥500" in html and "2026年7月31日" in html
    assert 'class="tips-receipt"' not in html
    reward.refresh_from_db()
    assert reward.claim_expired and not reward.claim_code_hash


def try_to_approve(client, office, reward) -> str:
    """A reward officer approves ``reward`` in the console; the page they land on."""
    unlock_rewards(client, office["reward_officer"])
    response = client.post(
        f"/admin/tips/rewards/{reward.pk}/", {"action": "approve", "claim_place": "南城派出所一楼接待室"}, follow=True
    )
    reward.refresh_from_db()
    return response.content.decode()


def test_a_proposal_nobody_decides_lapses_and_its_tip_is_then_purged_as_any_other(client, office, time_machine):
    time_machine.move_to(at(2026, 3, 2))
    solve_and_propose(client, office)
    reward = Reward.objects.get()
    client.post(f"/admin/tips/{office['tip'].reference}/", {"action": "status", "status": "closed"})
    # Closed 90 days ago, but the proposal may still be decided (to 31 May,
    # TIPS_REWARD_DECISION_DAYS after 2 March): the tip is kept for it.
    time_machine.move_to(at(2026, 5, 31, 20))
    assert purge_expired_tips() == 0
    reward.refresh_from_db()
    assert reward.status == "proposed"
    # The next day the proposal lapses, audited, and the tip goes as any closed tip would have.
    time_machine.move_to(at(2026, 6, 1, 3))
    assert purge_expired_tips() == 1
    assert TipTombstone.objects.filter(tip_id=office["tip"].pk).exists()
    assert no_tip_for(client, office["receipt"])
    reward.refresh_from_db()
    assert reward.status == "lapsed" and reward.tip is None and reward.decided_on == datetime.date(2026, 6, 1)
    assert AuditEntry.objects.filter(action="reward proposal lapsed, never decided").count() == 1
    # The reward officer who comes to it now is told why it can no longer be approved.
    page = try_to_approve(client, office, reward)
    assert "已失效" in page and "2026年5月31日" in page
    assert reward.status == "lapsed"


def test_an_overdue_proposal_cannot_be_approved_and_the_unit_may_propose_again(client, office, time_machine, settings):
    settings.TIPS_REWARD_DECISION_DAYS = 30
    time_machine.move_to(at(2026, 3, 2))
    solve_and_propose(client, office)
    reward = Reward.objects.get()
    # 2 April, the day after the last day to decide (30 days after 2 March); the daily task has not run yet.
    time_machine.move_to(at(2026, 4, 2))
    page = try_to_approve(client, office, reward)
    assert "已失效" in page and "2026年4月1日" in page
    assert reward.status == "lapsed"
    assert AuditEntry.objects.filter(action="reward proposal lapsed, never decided").count() == 1
    # The case is still solved and the tip open: its unit proposes again, and that one is decided in time.
    client.logout()
    solve_and_propose(client, office, amount=800)
    again = Reward.objects.exclude(pk=reward.pk).get()
    assert again.status == "proposed" and again.amount == 800


def test_the_claimants_identity_is_destroyed_after_the_accounting_retention(client, office, time_machine):
    time_machine.move_to(at(2026, 5, 6))
    reward = approved_reward(client, office)
    code = claim_code_in(status_page(client, office["receipt"]))
    unlock_rewards(client, office["reward_officer"])
    claim(client, reward, code, by_proxy="on", bank_account="", proxy_letter=jpeg_with_metadata())
    reward.refresh_from_db()
    letter = reward.proxy_letter
    assert reward.status == "claimed" and letter.storage.exists(letter.name)
    page = client.get(f"/admin/tips/rewards/{reward.pk}/").content.decode()
    assert CLAIMANT_NAME in page and "2057年1月1日" in page  # 30 years from the end of 2026

    time_machine.move_to(at(2056, 12, 31, 23))
    assert rewards.destroy_expired_identities() == 0
    time_machine.move_to(at(2057, 1, 1, 1))
    assert rewards.destroy_expired_identities() == 1
    reward.refresh_from_db()
    assert reward.claim_data is None and reward.claim_sealed_key is None and not reward.proxy_letter
    assert not letter.storage.exists(letter.name)
    assert reward.identity_destroyed_on == datetime.date(2057, 1, 1)
    assert AuditEntry.objects.filter(action="reward identity destroyed", detail=f"reward {reward.pk}").exists()
    # The register keeps the reward; the page says the identity is gone, without an error.
    unlock_rewards(client, office["reward_officer"])
    page = client.get(f"/admin/tips/rewards/{reward.pk}/")
    assert page.status_code == 200 and CLAIMANT_NAME not in page.content.decode()
    assert "2057年1月1日" in page.content.decode()
    assert office["tip"].reference in client.get("/admin/tips/rewards/register.csv").content.decode("utf-8-sig")
    assert rewards.destroy_expired_identities() == 0


def test_the_submit_page_says_a_reward_is_claimed_with_the_claim_code(client, office):
    html = client.get("/tips/").content.decode()
    assert "领奖码" in html and "身份证" in html


def test_reward_ids_tell_a_non_officer_nothing(client, office):
    solve_and_propose(client, office)
    existing = Reward.objects.get().pk
    users = get_user_model().objects
    outsiders = [office["officer"], users.create_superuser("boss", password="x"), users.create_user("someone")]
    for user in outsiders:
        client.force_login(user)
        answers = {  # the same answer, the "next" back to the page asked for aside
            (response.status_code, response.get("Location", "").split("?")[0])
            for response in (client.get(f"/admin/tips/rewards/{pk}/") for pk in (existing, existing + 1000))
        }
        assert len(answers) == 1, (user, answers)
        assert next(iter(answers))[0] == 302
    client.logout()
    anonymous = {client.get(f"/admin/tips/rewards/{pk}/")["Location"].split("?")[0]
                 for pk in (existing, existing + 1000)}
    assert anonymous == {"/admin/login/"}
