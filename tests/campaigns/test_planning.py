"""Planning: drafts at the lead time, reminders at 30/14/7/1 days, the dashboard
panel and the schedules; each idempotent, and a failed email never blocks the others."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from django_q.models import Schedule
from wagtail.models import WorkflowState

from campaigns import planning
from campaigns.dates import LOCAL
from campaigns.models import CampaignPage, ReminderSent
from core.schedules import ensure_schedules
from tests.campaigns.utils import add_campaign, add_campaign_index
from tests.utils import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year():
    index = add_campaign_index(make_site())
    return add_campaign(index, 2025, title="2025年第38个国际禁毒日宣传", slug="2025-idad",
                        banner_text="2025年宣传")


@pytest.fixture
def staff():
    editor = User.objects.create_user("ed", email="ed@example.com", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    approver = User.objects.create_user("ap", email="ap@example.com", password="x")
    approver.groups.add(Group.objects.get(name="Approvers"))
    return editor, approver


def test_a_draft_is_made_at_the_lead_time_and_only_once(last_year, settings):
    settings.CAMPAIGN_LEAD_DAYS = 45
    assert planning.create_drafts(date(2026, 5, 11)) == []  # 46 days before 6·26
    made = planning.create_drafts(date(2026, 5, 12))
    assert len(made) == 1
    draft = made[0]
    assert draft.title == "2026年第39个国际禁毒日宣传"
    assert draft.slug == "2026-idad" and draft.year == 2026 and not draft.live
    assert (draft.window_start, draft.window_end) == (date(2026, 6, 1), date(2026, 6, 30))
    assert WorkflowState.objects.filter(object_id=str(draft.pk), status="in_progress").exists()
    assert planning.create_drafts(date(2026, 5, 13)) == []
    assert CampaignPage.objects.filter(year=2026).count() == 1


def test_a_draft_numbers_the_publicity_month_of_its_own_year(settings):
    settings.CAMPAIGN_LEAD_DAYS = 45
    index = add_campaign_index(make_site())
    add_campaign(index, 2026, title="2026年第16个全民禁毒宣传月暨第39个国际禁毒日", slug="2026-idad")
    draft = planning.create_drafts(date(2027, 5, 12))[0]
    assert draft.title == "2027年第17个全民禁毒宣传月暨第40个国际禁毒日"


def test_reminders_go_once_per_threshold_to_editors_and_approvers(last_year, staff):
    day = date(2026, 6, 26)
    assert planning.send_reminders(day - timedelta(days=31)) == 0
    assert planning.send_reminders(day - timedelta(days=30)) == 2
    assert {m.to[0] for m in mail.outbox} == {"ed@example.com", "ap@example.com"}
    assert "第39个国际禁毒日" in mail.outbox[0].subject
    assert planning.send_reminders(day - timedelta(days=29)) == 0  # same threshold: nothing again
    assert planning.send_reminders(day - timedelta(days=14)) == 2
    assert planning.send_reminders(day - timedelta(days=1)) == 2
    assert ReminderSent.objects.count() == 6


def test_no_reminder_once_the_campaign_is_scheduled(last_year, staff):
    draft = planning.create_drafts(date(2026, 5, 20))[0]
    draft.go_live_at = datetime(2026, 6, 1, tzinfo=LOCAL)
    with time_machine.travel(datetime(2026, 5, 21, 9, tzinfo=LOCAL), tick=False):
        draft.save_revision().publish()
    assert planning.late_campaigns(date(2026, 5, 28)) == []
    assert planning.send_reminders(date(2026, 5, 28)) == 0


def test_a_failed_email_is_retried_and_does_not_block_the_others(last_year, staff, monkeypatch):
    real_send = planning.send_mail

    def flaky(subject, body, sender, recipients):
        if recipients == ["ed@example.com"]:
            raise OSError("mail server down")
        return real_send(subject, body, sender, recipients)

    monkeypatch.setattr(planning, "send_mail", flaky)
    assert planning.send_reminders(date(2026, 6, 12)) == 1
    assert [m.to for m in mail.outbox] == [["ap@example.com"]]
    monkeypatch.setattr(planning, "send_mail", real_send)
    assert planning.send_reminders(date(2026, 6, 12)) == 1
    assert mail.outbox[-1].to == ["ed@example.com"]


def test_the_dashboard_names_late_campaigns(admin_client, last_year):
    with time_machine.travel(datetime(2026, 6, 10, 9, tzinfo=LOCAL), tick=True):
        body = admin_client.get("/admin/").content.decode()
    assert "6·26" in body and "第39个国际禁毒日" in body


def test_schedules_exist_once_by_name():
    ensure_schedules()
    ensure_schedules()
    assert Schedule.objects.filter(name="campaigns:create_drafts").count() == 1
    assert Schedule.objects.filter(name="campaigns:send_reminders").count() == 1
