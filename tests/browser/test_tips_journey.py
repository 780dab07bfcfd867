"""A tipster on a 360 px phone, in a real browser: sends a tip with a photo
(the proof of work solved by the page's script), notes and confirms the
receipt, and later reads the police's reply on the status page. axe-core
finds no serious or critical problem, and no request leaves our origin."""

import os
import re
from pathlib import Path

import pytest
from PIL import Image

playwright_sync = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def office(live_server, settings):
    from tests.tips.helpers import setup_office
    from tests.utils import make_site

    settings.PAGE_CACHE_ENABLED = False
    settings.TIPS_POW_BITS = 12  # the page's own script does the work
    make_site()
    return setup_office()


def assert_accessible(page, name):
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: " + "; ".join(bad)


def test_a_tipster_sends_a_tip_with_a_photo_and_reads_the_reply(browser, office, live_server, tmp_path):
    from tests.tips.helpers import PASSPHRASE
    from tips import services
    from tips.choices import Author
    from tips.keys import unit_key_from_member
    from tips.models import Tip

    SHOTS.mkdir(exist_ok=True)
    photo = tmp_path / "现场.jpg"
    Image.new("RGB", (800, 600), (90, 120, 160)).save(photo, "JPEG")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(live_server.url + "/tips/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator(".tips-exit").is_visible()
    page.wait_for_selector("form.tips-form[data-pow=done]", timeout=30_000)
    assert not page.locator("#tips-captcha").is_visible()  # the script hid the captcha
    assert_accessible(page, "form")
    page.screenshot(path=SHOTS / "tips-phone-1-form.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("毒驾").check()
    page.get_by_label("地点（社区或网格）").select_option(label="第一网格")
    page.get_by_label("您看到或了解到什么？").fill("浏览器里的线索：白色面包车。")
    page.get_by_label("照片或文件（可选）").set_input_files(str(photo))
    page.get_by_role("button", name="提交线索").click()
    page.wait_for_selector(".tips-receipt")
    receipt = page.locator(".tips-receipt").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}-\d", receipt)
    assert receipt.replace("-", "") not in page.url
    assert_accessible(page, "receipt")
    page.screenshot(path=SHOTS / "tips-phone-2-receipt.png", full_page=True)
    page.get_by_label("请再输入一遍回执号").fill(receipt)
    page.get_by_role("button", name="我已记下").click()
    page.wait_for_selector("text=回执号无误")

    tip = Tip.objects.get()
    assert tip.receipt_confirmed and tip.attachments.count() == 1
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    services.add_message(tip, tip.key_for_unit(office["unit"], unit_key), Author.POLICE, "请问车牌号是多少？")

    page.goto(live_server.url + "/tips/status/")
    page.wait_for_selector("form.tips-form[data-pow=done]", timeout=30_000)
    page.get_by_label("回执号").fill(receipt)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector(".tips-message--police")
    assert "请问车牌号是多少？" in page.locator(".tips-messages").inner_text()
    assert_accessible(page, "status")
    page.screenshot(path=SHOTS / "tips-phone-3-status.png", full_page=True)
    page.get_by_label("您的回复或补充信息").fill("粤S·12345")
    page.get_by_role("button", name="发送").click()
    page.wait_for_selector("text=谢谢您，警方现在可以看到了")
    assert tip.messages.count() == 2
    assert page.evaluate("document.cookie") == ""  # the CSRF cookie is HttpOnly; nothing else is set

    foreign = [url for url in requests if not url.startswith((live_server.url, "data:", "about:"))]
    assert not foreign, foreign
    context.close()


def test_the_quick_exit_leaves_no_way_back_to_the_form(browser, office, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/tips/")
    page.locator(".tips-exit").click()
    page.wait_for_url(live_server.url + "/newtab/")
    assert page.title() == "新标签页"
    # Back goes to the page before the form, never to the form itself.
    page.go_back()
    page.wait_for_load_state()
    assert "/tips/" not in page.url
    # Esc twice does the same from the status page.
    page.goto(live_server.url + "/tips/status/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(live_server.url + "/newtab/")
    page.go_back()
    page.wait_for_load_state()
    assert "/tips/" not in page.url
    context.close()
