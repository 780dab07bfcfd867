"""A visitor's journey in a real browser (Debian's chromium through Playwright):
home → drug A–Z → a drug page → language switch → search, on a phone and a
desktop, with axe-core finding no serious or critical accessibility problem."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

playwright_sync = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from tests.browser.phone_layout import check_phone_and_desktop_layout  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def demo_site(live_server, settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_initial_data", verbosity=0)
    return live_server.url


def assert_accessible(page, name):
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: " + "; ".join(bad)


def assert_no_third_party_requests(requests, base_url):
    foreign = [url for url in requests if not url.startswith((base_url, "data:", "about:"))]
    assert not foreign, foreign


def test_visitor_reads_about_a_drug_switches_language_and_searches(browser, demo_site):
    # One test for both widths: the demo site is built once (a transactional
    # test cannot share its data with a second one).
    for viewport in VIEWPORTS:
        walk_through_the_site(browser, demo_site, viewport)
    check_phone_and_desktop_layout(browser, demo_site)


def walk_through_the_site(browser, demo_site, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    SHOTS.mkdir(exist_ok=True)

    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").count() == 1
    assert_accessible(page, "home")
    page.screenshot(path=SHOTS / f"{viewport}-1-home.png", full_page=True)

    # To the A–Z index through a link on the page, as a visitor would.
    page.locator("a[href='/drugs/']").first.click()
    page.wait_for_url("**/drugs/")
    assert page.locator("h1").inner_text().strip() == "毒品百科"
    assert_accessible(page, "drug index")

    page.get_by_role("link", name="冰毒").first.click()
    # Waits for the new page: wait_for_load_state() would return at once on the old one.
    playwright_sync.expect(page.locator("h1")).to_contain_text("冰毒")
    assert page.get_by_text("刑法").count() > 0
    assert_accessible(page, "drug page")
    page.screenshot(path=SHOTS / f"{viewport}-2-drug.png", full_page=True)

    # Switch to English: the same drug's English page.
    page.locator("a[hreflang='en']").first.click()
    page.wait_for_url(demo_site + "/en/**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Methamphetamine" in page.locator("h1").inner_text() or "Ice" in page.locator("h1").inner_text()
    assert_accessible(page, "English drug page")

    # Search from the header form, in English and then in Chinese.
    page.goto(demo_site + "/")
    search_box = page.locator("input[name='q']").first
    search_box.fill("K粉")
    search_box.press("Enter")
    page.wait_for_url("**/search/**")
    results = page.locator("main a", has_text="K粉")
    assert results.count() >= 1
    assert_accessible(page, "search results")
    page.screenshot(path=SHOTS / f"{viewport}-3-search.png", full_page=True)

    assert_no_third_party_requests(requests, demo_site)
    context.close()
