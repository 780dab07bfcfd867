import time

import pytest

from tests.browser.test_visitor_journey import CHROMIUM

playwright_sync = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, one per test module (never a downloaded browser)."""
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _close_pages_before_the_flush(request):
    """Every page a test opened is closed when the test ends, before its
    database is flushed, and the live server gets a moment for what a page
    sends as it closes (Wagtail's editor releases its editing session).
    Left open until the module's browser closes, those requests reached the
    server while the next test was already putting its database back."""
    yield
    if "browser" in request.fixturenames:
        contexts = request.getfixturevalue("browser").contexts
        for context in contexts:
            context.close()
        if contexts:
            time.sleep(0.5)
