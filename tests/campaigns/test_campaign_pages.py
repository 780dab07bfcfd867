"""Campaign pages: what a visitor reads, what an editor is told, and the
schedule that puts a campaign and its translations live at the same moment."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaigns.dates import LOCAL
from campaigns.models import CampaignPage, KeyDate
from tests.campaigns.utils import add_campaign, add_campaign_index
from tests.utils import make_site, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return add_campaign_index(make_site())


def test_a_campaign_page_shows_its_theme_window_and_countdown(client, index):
    add_campaign(index, theme="防范青少年药物滥用", theme_source="国家禁毒办", channels=["website", "wechat"],
                 audiences=["students"])
    with time_machine.travel(datetime(2026, 6, 20, 9, tzinfo=LOCAL), tick=False):
        body = client.get("/campaigns/2026-idad/").content.decode()
    assert "防范青少年药物滥用" in body and "国家禁毒办" in body
    assert "第39个国际禁毒日" in body
    assert "距第39个国际禁毒日还有 6 天" in body
    assert "进行中" in body and "微信推文" in body and "学生" in body


def test_the_english_page_says_it_in_english(client, index):
    campaign = add_campaign(index)
    translate(index, "en", title="Campaigns")
    translate(campaign, "en", title="World Drug Day 2026", theme="Invest in prevention")
    with time_machine.travel(datetime(2026, 6, 25, 9, tzinfo=LOCAL), tick=False):
        body = client.get("/en/campaigns/2026-idad/").content.decode()
    assert "1 day until the 39th International Day against Drug Abuse and Illicit Trafficking" in body
    assert "On now" in body


def test_the_index_sorts_campaigns_by_what_is_on(client, index):
    add_campaign(index, 2025, title="2025宣传")
    add_campaign(index, 2026, title="2026宣传")
    add_campaign(index, 2027, title="2027宣传")
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=LOCAL), tick=False):
        response = client.get("/campaigns/")
    body = response.content.decode()
    on_now, coming, past = body.index("进行中"), body.index("即将开始"), body.index("2025年的宣传活动")
    assert on_now < body.index("2026宣传") < coming < body.index("2027宣传") < past < body.index("2025宣传")


# ---------------------------------------------------------------- the admin form


def campaign_form(**overrides):
    data = {
        "title": "2026年国际禁毒日宣传", "slug": "2026-idad", "seo_title": "", "search_description": "",
        "summary": "", "listing_image": "", "year": "2026", "key_date": str(KeyDate.objects.get(code="idad").pk),
        "theme": "珍爱生命", "theme_source": "", "banner_text": "", "window_start": "2026-06-01",
        "window_end": "2026-06-30", "hero_image": "",
        "body": streamfield([("paragraph", rich_text("<p>6月26日在南城文化广场举行禁毒宣传活动。</p>"))]),
        "materials": inline_formset([]),
    }
    data.update(overrides)
    # Checkboxes post one value per box ticked (nested_form_data would number them).
    return {**nested_form_data(data), "channels": ["website", "sms"]}


def test_a_window_outside_its_year_is_refused_with_a_clear_message(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=("campaigns", "campaignpage", index.pk))
    response = admin_client.post(url, campaign_form(window_end="2027-01-05"))
    assert response.status_code == 200
    assert "活动日期必须在所属年份 2026 年之内" in response.content.decode()
    assert not CampaignPage.objects.exists()
    response = admin_client.post(url, campaign_form(window_start="2026-06-30", window_end="2026-06-01"))
    assert "活动的结束日期早于开始日期" in response.content.decode()
    assert not CampaignPage.objects.exists()
    response = admin_client.post(url, campaign_form())
    assert response.status_code == 302
    assert CampaignPage.objects.get().channels == ["website", "sms"]


def test_an_empty_campaign_waits_as_a_draft_and_is_not_published_or_sent_for_approval(admin_client, index):
    """A campaign page with nothing to show must not go live on its key date."""
    url = reverse("wagtailadmin_pages:add", args=("campaigns", "campaignpage", index.pk))
    empty = campaign_form(body=streamfield([]))
    for action in ("action-publish", "action-submit"):
        response = admin_client.post(url, {**empty, action: action})
        assert response.status_code == 200
        assert "发布或提交审核前，宣传活动至少需要正文、横幅图片或一项公开活动" in response.content.decode()
        assert not CampaignPage.objects.exists()
    # Saving a draft is fine: the editor fills it in later.
    assert admin_client.post(url, empty).status_code == 302
    draft = CampaignPage.objects.get()
    assert not draft.live
    edit = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    response = admin_client.post(edit, {**empty, "action-publish": "action-publish"})
    assert "至少需要正文、横幅图片或一项公开活动" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


def test_a_public_event_is_enough_to_publish_a_campaign(admin_client, index):
    from campaigns.models import Event

    url = reverse("wagtailadmin_pages:add", args=("campaigns", "campaignpage", index.pk))
    admin_client.post(url, campaign_form(body=streamfield([])))
    draft = CampaignPage.objects.get()
    Event.objects.create(campaign=draft, title="禁毒知识进校园", start=datetime(2026, 6, 26, 9, tzinfo=LOCAL),
                         end=datetime(2026, 6, 26, 11, tzinfo=LOCAL), venue_name="南城中学", venue_type="school")
    edit = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    response = admin_client.post(edit, {**campaign_form(body=streamfield([])), "action-publish": "action-publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live


def test_bulk_publishing_refuses_an_empty_campaign_with_the_same_message(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=("campaigns", "campaignpage", index.pk))
    admin_client.post(url, campaign_form(body=streamfield([])))
    draft = CampaignPage.objects.get()
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = admin_client.post(f"{bulk}?id={draft.pk}&next=/admin/pages/{index.pk}/", {"include_descendants": ""},
                                 follow=True)
    assert "至少需要正文、横幅图片或一项公开活动" in response.content.decode()
    assert draft.title in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live
    # Publishing the campaigns section with its descendants is refused too.
    response = admin_client.post(f"{bulk}?id={index.pk}&next=/admin/pages/", {"include_descendants": "on"},
                                 follow=True)
    assert "至少需要正文、横幅图片或一项公开活动" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


# ---------------------------------------------------------------- scheduled publishing


def schedule(page, go_live_at=None, expire_at=None):
    page = page.get_latest_revision_as_object()
    page.go_live_at, page.expire_at = go_live_at, expire_at
    page.save_revision().publish()
    page.refresh_from_db()
    return page


GO_LIVE = datetime(2026, 6, 1, 0, 0, tzinfo=LOCAL)


def test_publish_scheduled_puts_a_campaign_and_its_translation_live_together(index):
    translate(index, "en", title="Campaigns")
    campaign = add_campaign(index, publish=False)
    english = translate(campaign, "en", publish=False, title="World Drug Day 2026")
    with time_machine.travel(GO_LIVE - timedelta(days=10), tick=False):
        campaign = schedule(campaign, go_live_at=GO_LIVE)
        # The translator publishes without setting any date: it waits for the source's moment.
        english = CampaignPage.objects.get(pk=english.pk)
        english.save_revision().publish()
        english.refresh_from_db()
        assert not campaign.live and not english.live
        assert english.go_live_at == GO_LIVE
    with time_machine.travel(GO_LIVE - timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
        assert not CampaignPage.objects.filter(live=True).exists()
    with time_machine.travel(GO_LIVE + timedelta(seconds=30), tick=False):
        call_command("publish_scheduled", verbosity=0)
    assert set(CampaignPage.objects.filter(live=True).values_list("locale__language_code", flat=True)) == {
        "zh-hans", "en",
    }


def test_moving_the_source_schedule_moves_the_translation(index):
    translate(index, "en", title="Campaigns")
    campaign = add_campaign(index, publish=False)
    english = translate(campaign, "en", publish=False, title="World Drug Day 2026")
    later = GO_LIVE + timedelta(days=2)
    with time_machine.travel(GO_LIVE - timedelta(days=10), tick=False):
        campaign = schedule(campaign, go_live_at=GO_LIVE)
        english.save_revision().publish()
        schedule(campaign, go_live_at=later)
    with time_machine.travel(GO_LIVE + timedelta(hours=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
        assert not CampaignPage.objects.filter(live=True).exists()
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
    assert CampaignPage.objects.filter(live=True).count() == 2


def test_expiry_takes_both_languages_off_together(index):
    translate(index, "en", title="Campaigns")
    campaign = add_campaign(index)
    english = translate(campaign, "en", title="World Drug Day 2026")
    expire = datetime(2026, 7, 1, tzinfo=LOCAL)
    with time_machine.travel(expire - timedelta(days=20), tick=False):
        schedule(campaign, expire_at=expire)
        assert CampaignPage.objects.get(pk=english.pk).expire_at == expire
    with time_machine.travel(expire + timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
    assert not CampaignPage.objects.filter(live=True).exists()
    assert date(2026, 7, 1) == expire.date()
