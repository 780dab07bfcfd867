"""The English campaigns index on a phone (360 px) in Debian's chromium, with
the demo's 2027 anniversary campaign published in Chinese and its English
translation still a draft: the card is there, marked "Chinese only", and axe-core
finds no serious or critical problem (issue 18)."""

import os
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command

playwright_sync = pytest.importorskip("playwright.sync_api")

from campaigns.dates import LOCAL  # noqa: E402
from tests.browser.test_visitor_journey import CHROMIUM, SHOTS, VIEWPORTS, assert_accessible  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def site_with_chinese_only_campaign(live_server, settings):
    from campaigns.models import CampaignPage

    settings.PAGE_CACHE_ENABLED = False
    call_command("load_initial_data", verbosity=0)
    draft = CampaignPage.objects.get(slug="2027-law", locale__language_code="zh-hans")
    draft.get_latest_revision().publish()
    return live_server.url


def test_the_english_index_marks_the_campaign_only_in_chinese_on_a_phone(browser, site_with_chinese_only_campaign):
    base = site_with_chinese_only_campaign
    with time_machine.travel(datetime(2027, 3, 10, 10, 0, tzinfo=LOCAL), tick=True):
        page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
        page.goto(base + "/en/campaigns/")
        card = page.locator("article.card", has=page.locator(".badge--chinese-only"))
        playwright_sync.expect(card).to_have_count(1)
        title = card.locator("h3.card__title")
        assert title.get_attribute("lang") == "zh-Hans"
        assert title.inner_text() == "2027年《禁毒法》施行19周年宣传"
        badge = card.locator(".badge--chinese-only")
        playwright_sync.expect(badge).to_be_visible()
        assert badge.inner_text() == "Chinese only"
        # The card fits the phone's width: nothing pushes the page sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
        assert_accessible(page, "English campaigns index with a Chinese-only campaign")
        SHOTS.mkdir(exist_ok=True)
        card.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "phone-campaigns-chinese-only.png", full_page=True)
        title.get_by_role("link").click()
        playwright_sync.expect(page.locator("h1")).to_contain_text("2027年《禁毒法》施行19周年宣传")
        assert page.locator("html").get_attribute("lang") == "en"
