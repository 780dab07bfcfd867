"""The public pages and the Wagtail and Django admins work under their Content-Security-Policy.

The admin's policy (settings.ADMIN_CONTENT_SECURITY_POLICY) allows no inline
style, no eval and no other host; inline scripts are allowed because Wagtail 8
writes some without a nonce. This walks through the admin screens an
editor uses in Debian's chromium and fails on any CSP violation the browser
reports, so a Wagtail upgrade that needs more shows up here.
"""

import os

import pytest
from django.contrib.auth.models import User

from tests.utils import make_site, translate

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "pw-for-tests-only"

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback as in test_visitor_journey.py: the two must leave the
    # database as they found it for each other.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

# Collects every violation the page reports, including those of inline
# attributes and of resources loaded after the page itself.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_admin_screens_have_no_csp_violations(browser, live_server):
    base_url = live_server.url.replace("localhost", "127.0.0.1")
    home = make_site()
    home_en = translate(home, "en", title="Home", slug="home-en")
    User.objects.create_superuser("boss", email="boss@example.cn", password=PASSWORD)
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    violations = []

    def visit(path):
        response = page.goto(base_url + path)
        assert response.ok, f"{path}: {response.status}"
        page.wait_for_load_state("networkidle")
        violations.extend(f"{path}: {v}" for v in page.evaluate("window.__csp || []"))

    # Public pages (policy CONTENT_SECURITY_POLICY), for a visitor ...
    for path in ("/", "/en/", "/search/?q=禁毒", "/_util/login/"):
        visit(path)

    visit("/admin/login/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")

    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{home.pk}/add_subpage/",
        f"/admin/pages/{home_en.pk}/edit/",  # wagtail-localize's translation editor
        f"/admin/localize/submit/page/{home.pk}/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/account/",
        "/django-admin/",
        "/django-admin/auth/user/",
    ):
        visit(path)

    # ... and for an editor, with Wagtail's user bar on the page.
    visit("/")
    assert page.locator("wagtail-userbar").count() == 1

    # The page editor's live preview panel (an iframe of our own preview view).
    visit(f"/admin/pages/{home.pk}/edit/")
    preview = page.locator("[data-side-panel-toggle='preview']")
    if preview.count():
        preview.first.click()
        # The preview has rendered (a slow one would otherwise pass unseen),
        # then a moment for its scripts and styles to report.
        page.frame_locator("#w-preview-iframe").locator("main").wait_for(timeout=30000)
        page.wait_for_timeout(500)
        violations.extend(f"preview: {v}" for v in page.evaluate("window.__csp || []"))

    console_csp = [text for text in console if "Content Security Policy" in text]
    assert not violations and not console_csp, "\n".join(violations + console_csp)
