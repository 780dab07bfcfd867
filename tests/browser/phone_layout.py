"""The public face on a 360×800 phone and a 1280 px desktop, with the demo
content: emergency numbers on the first screen, English headings wrapping
between words, street-name chips whole, the QR share code where there is no share sheet."""

from pathlib import Path

SHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

# For each word of the element's text: how many line boxes it spans (1 = whole).
WORD_LINES = """el => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
}"""


def check_phone_and_desktop_layout(browser, demo_site):
    """Called from test_visitor_journey.py's test, which builds the demo site
    once (a transactional test cannot share its data with a second one)."""
    SHOTS.mkdir(exist_ok=True)
    phone = browser.new_context(viewport=PHONE).new_page()
    desktop = browser.new_context(viewport=DESKTOP).new_page()

    # Both emergency numbers are on the first screen of a phone, in Chinese and English.
    for prefix in ("", "/en"):
        phone.goto(demo_site + prefix + "/")
        numbers = phone.locator(".report-strip__phone")
        assert numbers.count() == 2
        for i in range(2):
            box = numbers.nth(i).bounding_box()
            assert box and box["y"] + box["height"] < PHONE["height"], (prefix, numbers.nth(i).inner_text())
        # The decorative hero picture is not shown on a phone.
        assert not phone.locator(".hero__media").is_visible()
        phone.screenshot(path=SHOTS / f"phone-home{prefix.replace('/', '-')}.png")
        desktop.goto(demo_site + prefix + "/")
        assert desktop.locator(".hero__media").is_visible()
        desktop.screenshot(path=SHOTS / f"desktop-home{prefix.replace('/', '-')}.png")

    # The English drug page: the heading wraps between words, chips are whole names.
    for page, name in ((phone, "phone"), (desktop, "desktop")):
        page.goto(demo_site + "/en/drugs/methamphetamine/")
        h1 = page.locator("h1")
        broken = [word for word, lines in h1.evaluate(WORD_LINES) if lines > 1]
        assert not broken, f"{name}: words split across lines: {broken}"
        chips = page.locator(".drug-head__street .chip").all_inner_texts()
        assert chips[0] == "bing (冰, ice)"
        assert "magu (麻古, meth tablets)" in chips
        page.screenshot(path=SHOTS / f"{name}-drug-en.png", full_page=True)

    # Linux chromium has no system share sheet: the QR code is the way to
    # share, on the phone as on the desktop (test_reading_modes.py covers a
    # browser that has one).
    assert phone.locator(".share-box__qr").is_visible()
    assert desktop.locator(".share-box__qr").is_visible()

    phone.context.close()
    desktop.context.close()
