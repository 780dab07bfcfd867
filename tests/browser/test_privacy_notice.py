"""The privacy notice in Debian's chromium on a 360 px phone and a 1280 px
desktop: readable without sideways scrolling, axe-core finding no serious or
critical problem, reached from the footer, the tips form and the quiz join
page in a click. Screenshots go to tests/browser/screenshots/ to look at."""

import os

import pytest

from core.models import SiteSettings
from tests.browser.test_visitor_journey import CHROMIUM, SHOTS, VIEWPORTS, assert_accessible
from tests.utils import make_site

playwright_sync = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def site(live_server, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_site()
    values = SiteSettings.objects.get()
    values.address = "东莞市南城街道鸿福路1号"
    values.privacy_contact = "0769-22000000"
    values.save()
    return live_server.url


def test_the_notice_reads_on_a_phone_and_a_desktop_and_is_one_click_away(browser, site):
    SHOTS.mkdir(exist_ok=True)
    for name, viewport in VIEWPORTS.items():
        page = browser.new_context(viewport=viewport).new_page()
        for prefix in ("", "/en", "/zh-hant"):
            page.goto(f"{site}{prefix}/privacy/")
            assert page.locator("h1").count() == 1
            assert page.locator("#privacy-quizzes").is_visible()
            assert page.locator("#privacy-tips-retention").is_visible()
            # Nothing wider than the screen: the notice reads without sideways scrolling.
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (name, prefix)
            assert_accessible(page, f"{prefix}/privacy/ {name}")
            page.screenshot(path=str(SHOTS / f"privacy{prefix.replace('/', '-')}-{name}.png"), full_page=True)
        # One click from the footer, the tips form and the quiz join page.
        for start, link in (("/en/", "footer a[href='/en/privacy/']"),
                            ("/en/tips/", "a.tips-privacy-link"),
                            ("/en/quiz/", ".quiz-privacy a")):
            page.goto(site + start)
            page.locator(link).click()
            page.wait_for_url(f"{site}/en/privacy/**")
            assert page.locator("h1").inner_text() == "Privacy notice"
        page.goto(site + "/quiz/")
        page.screenshot(path=str(SHOTS / f"privacy-link-quiz-join-{name}.png"), full_page=True)
        page.context.close()
