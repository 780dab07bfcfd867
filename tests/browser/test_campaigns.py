"""The campaign banner, a campaign page and the calendar in a real browser
(Debian's chromium), on a phone (360 px) and a desktop, with axe-core finding no
serious or critical accessibility problem. The clock is moved to 25 June 2026,
the day before the 39th International Day."""

import os
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command

playwright_sync = pytest.importorskip("playwright.sync_api")

from campaigns.dates import LOCAL  # noqa: E402
from tests.browser.test_visitor_journey import (  # noqa: E402
    CHROMIUM,
    SHOTS,
    VIEWPORTS,
    assert_accessible,
    assert_no_third_party_requests,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def campaign_site(live_server, settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_initial_data", verbosity=0)
    return live_server.url


def test_banner_campaign_page_and_calendar_on_phone_and_desktop(browser, campaign_site):
    # The clock runs on from the eve of 6·26 (the live server shares this process).
    with time_machine.travel(datetime(2026, 6, 25, 10, 0, tzinfo=LOCAL), tick=True):
        for viewport in VIEWPORTS:
            visit(browser, campaign_site, viewport)


def visit(browser, base, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    SHOTS.mkdir(exist_ok=True)

    page.goto(base + "/")
    banner = page.locator(".campaign-banner")
    assert "距第39个国际禁毒日还有 1 天" in banner.inner_text()
    assert_accessible(page, "home with banner")
    page.screenshot(path=SHOTS / f"{viewport}-campaigns-1-home.png")

    banner.get_by_role("link").click()
    # Waits for the new page: wait_for_load_state() would return at once on the old one.
    playwright_sync.expect(page.locator("h1")).to_contain_text("2026年第16个全民禁毒宣传月")
    assert page.get_by_text("进行中").count() >= 1
    assert_accessible(page, "campaign page")
    page.screenshot(path=SHOTS / f"{viewport}-campaigns-2-campaign.png", full_page=True)

    page.goto(base + "/calendar/")
    assert page.locator("table.calendar-grid td.is-today").inner_text().strip().startswith("25")
    assert page.get_by_text("第39个国际禁毒日").count() >= 1
    assert_accessible(page, "calendar month")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=SHOTS / f"{viewport}-campaigns-3-calendar.png", full_page=True)

    page.get_by_role("link", name="列表").click()
    page.wait_for_url("**view=list**")
    assert_accessible(page, "calendar list")
    page.screenshot(path=SHOTS / f"{viewport}-campaigns-4-calendar-list.png", full_page=True)

    assert_no_third_party_requests(requests, base)
    context.close()
