"""Reading modes in a real browser (Debian's chromium through Playwright),
docs/accessibility.md: large text switched on from the header and remembered
on the device without a cookie, the header usable at 200 % text on a 360 px
phone, the dark scheme that follows the system, and sharing through the
system share sheet or the QR code. axe-core finds no serious or critical
problem (colour contrast included) on the home page, a drug page, /tips/ and
/quiz/ in the light, dark and large-text modes."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

playwright_sync = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {"home": "/", "drug": "/drugs/methamphetamine/", "tips": "/tips/", "quiz": "/quiz/"}
# Sets large text the way the button leaves it, before any page script runs.
LARGE_TEXT = "window.localStorage.setItem('display-mode', 'large');"

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
    # The contrast rule really ran (and passed somewhere), not skipped.
    assert any(rule["id"] == "color-contrast" for rule in results.response["passes"]), name


# Relative luminance of a computed rgb() colour (WCAG 2.1 definition).
LUMINANCE = """css => {
  const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def page_background_luminance(page):
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    return page.evaluate(LUMINANCE, background)


def test_reading_modes_large_text_dark_and_share(browser, demo_site):
    # One test: the demo site is built once (a transactional test cannot share its data).
    SHOTS.mkdir(exist_ok=True)
    large_text_is_switched_on_and_remembered_without_a_cookie(browser, demo_site)
    header_stays_usable_at_double_text_on_a_phone(browser, demo_site)
    every_mode_passes_axe(browser, demo_site)
    share_uses_the_share_sheet_or_the_qr_code(browser, demo_site)
    one_search_landmark_and_the_exit_bar_in_a_landmark(browser, demo_site)


def large_text_is_switched_on_and_remembered_without_a_cookie(browser, demo_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(demo_site + "/")
    button = page.get_by_role("button", name="大字模式")
    playwright_sync.expect(button).to_be_visible()
    assert button.get_attribute("aria-pressed") == "false"
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large >= normal * 1.25

    # Remembered across a reload and on another page of the site ...
    page.reload()
    playwright_sync.expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    page.goto(demo_site + PAGES["drug"])
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == large
    # ... by the device alone: no cookie was set for it.
    assert context.cookies() == []
    assert page.evaluate("localStorage.getItem('display-mode')") == "large"

    # Set before the first paint: the script that sets it blocks rendering
    # (no defer or async) and comes before the first stylesheet.
    order = page.evaluate("""() => [...document.head.querySelectorAll('script[src], link[rel=stylesheet]')]
        .map(el => el.tagName === 'SCRIPT' ? (el.defer || el.async ? 'late-script' : el.src) : 'css')""")
    first = order[0]
    assert first.endswith("display-mode.js"), order

    # Switched off again, and it stays off.
    page.get_by_role("button", name="大字模式").click()
    page.reload()
    playwright_sync.expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == normal
    context.close()

    # Without script the switch is not offered (it could not be remembered).
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    assert page.locator(".display-toggle").count() == 1
    assert not page.locator(".display-toggle").is_visible()
    context.close()


# Every header control: inside the 360 px screen, its text not cut off, and
# no two of them overlapping.
HEADER_PROBLEMS = """() => {
  const vw = document.documentElement.clientWidth;
  const els = [...document.querySelectorAll(
    '.site-header a, .site-header button, .site-header input')].filter(el => el.offsetParent !== null);
  const out = [];
  if (document.documentElement.scrollWidth > vw) {
    const wide = [...document.body.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > vw + 0.5)
      .slice(0, 4).map(el => el.tagName + '.' + el.className + ' in ' + el.parentElement.className + ' "' + el.innerText.slice(0, 30) + '"');
    out.push('page wider than screen: ' + document.documentElement.scrollWidth + ' ' + wide.join(', '));
  }
  const boxes = els.map(el => [el, el.getBoundingClientRect()]);
  for (const [el, r] of boxes) {
    const name = (el.innerText || el.placeholder || el.tagName).trim().slice(0, 20);
    if (r.left < -0.5 || r.right > vw + 0.5) out.push('off screen: ' + name);
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'INPUT') out.push('cut off: ' + name);
  }
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > 1 && h > 1) out.push('overlap: ' + (a.innerText || a.tagName).trim().slice(0, 12) + ' / ' + (b.innerText || b.tagName).trim().slice(0, 12));
  }
  return out;
}"""


def header_stays_usable_at_double_text_on_a_phone(browser, demo_site):
    # At the normal size the switch shares the top bar's one line with the
    # languages, so the header grows no taller on a phone.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for prefix in ("", "/en", "/zh-hant"):
        page.goto(demo_site + prefix + "/")
        toggle = page.locator(".display-toggle").bounding_box()
        language = page.locator(".lang-switch a").last.bounding_box()
        assert toggle["y"] < language["y"] + language["height"] and language["x"] < toggle["x"], prefix
    context.close()

    context = browser.new_context(viewport=PHONE)
    context.add_init_script(LARGE_TEXT)
    page = context.new_page()
    for prefix in ("", "/en"):
        page.goto(demo_site + prefix + "/")
        # 200 % text, as a browser's own text-size setting gives it (sizes are in rem).
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 32
        problems = page.evaluate(HEADER_PROBLEMS)
        page.screenshot(path=SHOTS / f"modes-phone-200pc{prefix.replace('/', '-')}.png")
        assert not problems, (prefix or "/", problems)
    context.close()


def every_mode_passes_axe(browser, demo_site):
    modes = {
        "light": {"color_scheme": "light"},
        "dark": {"color_scheme": "dark"},
        "large": {"color_scheme": "light"},
        "large-dark": {"color_scheme": "dark"},
    }
    for mode, options in modes.items():
        for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = browser.new_context(viewport=viewport, **options)
            if mode.startswith("large"):
                context.add_init_script(LARGE_TEXT)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(demo_site + path)
                assert page.locator("h1").count() == 1, (mode, name)
                # The switch is on every page, and shows the mode the visitor chose.
                pressed = "true" if mode.startswith("large") else "false"
                assert page.locator(".display-toggle").get_attribute("aria-pressed") == pressed, (mode, name)
                assert page.locator(".display-toggle").is_visible(), (mode, name)
                luminance = page_background_luminance(page)
                if "dark" in mode:
                    assert luminance < 0.05, (mode, name, luminance)
                else:
                    assert luminance > 0.9, (mode, name, luminance)
                if width == "phone" or name == "home":
                    # axe at both widths on the home page, the phone for the rest (time).
                    assert_accessible(page, f"{name} ({mode}, {width})")
                page.screenshot(path=SHOTS / f"modes-{width}-{mode}-{name}.png", full_page=True)
            context.close()

    # The other kinds of public page, in the two new modes together (the one
    # that changes the most colours), on a phone.
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    context.add_init_script(LARGE_TEXT)
    page = context.new_page()
    for path in ("/drugs/", "/campaigns/", "/search/?q=冰毒", "/en/", "/zh-hant/", "/tips/status/", "/privacy/"):
        assert page.goto(demo_site + path).ok, path
        assert_accessible(page, f"{path} (large-dark)")
        page.screenshot(path=SHOTS / f"modes-phone-large-dark{path.split('?')[0].replace('/', '-')}.png")
    context.close()


SHARE_SHEET = """
window.__shared = null;
Object.defineProperty(navigator, 'share', {value: data => { window.__shared = data; return Promise.resolve(); }});
"""


def share_uses_the_share_sheet_or_the_qr_code(browser, demo_site):
    # A phone whose browser has a system share sheet: a button, not the QR code.
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SHARE_SHEET)
    page = context.new_page()
    page.goto(demo_site + PAGES["drug"])
    share = page.get_by_role("button", name="分享本页")
    playwright_sync.expect(share).to_be_visible()
    assert not page.locator(".share-box__qr").is_visible()
    share.click()
    shared = page.evaluate("window.__shared")
    assert shared["url"] == demo_site + PAGES["drug"]
    assert "冰毒" in shared["title"]
    context.close()

    # A phone without one (Linux chromium), and a phone without script: the QR code.
    for options in ({}, {"java_script_enabled": False}):
        context = browser.new_context(viewport=PHONE, **options)
        page = context.new_page()
        page.goto(demo_site + PAGES["drug"])
        qr = page.locator(".share-box__qr")
        qr.scroll_into_view_if_needed()
        assert qr.is_visible()
        # Drawn, not just its alt text (it loads lazily, once scrolled to).
        assert qr.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
        assert not page.locator(".share-box__native").is_visible()
        context.close()


def one_search_landmark_and_the_exit_bar_in_a_landmark(browser, demo_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    for path in ("/", "/search/?q=冰毒", "/no-such-page/"):
        page.goto(demo_site + path)
        assert page.get_by_role("search").count() == 1, path
    page.goto(demo_site + "/tips/")
    exit_link = page.get_by_role("link", name="快速离开")
    assert exit_link.evaluate(
        "a => !!a.closest('aside, nav, main, header, footer, [role=region], [role=complementary]')"
    )
    context.close()
