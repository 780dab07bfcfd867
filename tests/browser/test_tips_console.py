"""An officer's first day in the police console at 1280 px, in a real browser:
sign in, set up the authenticator from the QR code the page draws, unlock the
unit, read a tip with a photo and the tipster's reply. axe-core finds no
serious or critical problem on any of those pages, and each page's title says
what it shows."""

import os
import re
import time

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
from tests.browser.test_tips_journey import CHROMIUM, SHOTS, assert_accessible, office  # noqa: E402, F401

DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def a_tip_with_a_photo_and_a_reply(office):  # noqa: F811
    from django.test import Client

    from tests.tips.helpers import PASSPHRASE, jpeg_with_metadata, send_tip
    from tips import services
    from tips.choices import Author
    from tips.keys import unit_key_from_member
    from tips.models import Tip

    send_tip(Client(), files=[jpeg_with_metadata()])
    tip = Tip.objects.get()
    assert tip.attachments.count() == 1
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    tip_key = tip.key_for_unit(office["unit"], unit_key)
    services.add_message(tip, tip_key, Author.POLICE, "请问车牌号是多少？")
    services.add_message(tip, tip_key, Author.TIPSTER, "粤S·12345")
    return tip


def current_code(device):
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_an_officers_first_use_of_the_console(browser, office, live_server):  # noqa: F811
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.tips.helpers import PASSPHRASE

    tip = a_tip_with_a_photo_and_a_reply(office)
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/?next=/admin/tips/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-officer")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/tips/$"))

    assert "线索" in page.title()
    # The page's heading names what it shows, not the admin's home.
    assert page.locator("h1").inner_text().strip() == "线索举报"
    assert_accessible(page, "console before the authenticator")
    page.screenshot(path=SHOTS / "console-1-first-visit.png", full_page=True)
    page.get_by_role("link", name="设置身份验证器").click()
    page.wait_for_url(re.compile(r"/admin/tips/authenticator/$"))
    assert "身份验证器" in page.title()
    # The QR code is drawn: the browser decoded the image, not just its alt text.
    qr = page.get_by_role("img", name=re.compile("二维码"))
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    assert_accessible(page, "authenticator")
    page.screenshot(path=SHOTS / "console-2-authenticator.png", full_page=True)
    device = TOTPDevice.objects.get(user=office["officer"])
    page.get_by_label("身份验证器应用中的验证码").fill(current_code(device))
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(re.compile(r"/admin/tips/$"))

    # One unit: it is chosen already; the officer types the passphrase and a new code.
    assert page.get_by_label("单位").input_value() == str(office["unit"].pk)
    page.locator("#id_passphrase").fill(PASSPHRASE)
    device.refresh_from_db()
    device.last_t = -1  # the enrolment code may still be the current one
    device.save()
    page.get_by_label("身份验证器应用中的验证码").fill(current_code(device))
    page.get_by_role("button", name="解锁").click()
    page.wait_for_selector(f"text={tip.reference}")
    row = page.locator("tr", has_text=tip.reference)
    assert "新回复" in row.inner_text()  # the tipster wrote after the last police message
    assert_accessible(page, "inbox")
    page.screenshot(path=SHOTS / "console-3-inbox.png", full_page=True)

    row.get_by_role("link", name=tip.reference).click()
    page.wait_for_url(re.compile(tip.reference))
    assert tip.reference in page.title() and tip.reference in page.locator("h1").inner_text()
    preview = page.locator("img.tip-photo")
    assert preview.count() == 1
    # The photo is lazy: it may still be on its way when the page's load
    # event fires, so wait for it to decode (a broken one never does).
    preview.scroll_into_view_if_needed()
    # Polled from here: the console's CSP forbids wait_for_function's eval.
    deadline = time.monotonic() + 10
    while not preview.evaluate("img => img.complete && img.naturalWidth > 0"):
        assert time.monotonic() < deadline, "the tip's photo never showed"
        page.wait_for_timeout(100)
    police = page.locator(".tip-message--police")
    tipster = page.locator(".tip-message--tipster")
    assert police.count() == 1 and tipster.count() == 1
    assert police.evaluate("e => getComputedStyle(e).backgroundColor") != tipster.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert_accessible(page, "tip")
    page.screenshot(path=SHOTS / "console-4-tip.png", full_page=True)

    page.get_by_label("单位内部备注").fill("核实车牌")
    page.get_by_role("button", name="添加备注").click()
    page.wait_for_selector(".tip-message--note")
    note = page.locator(".tip-message--note")
    assert "核实车牌" in note.inner_text() and "看不到" in note.inner_text()
    page.screenshot(path=SHOTS / "console-5-note.png", full_page=True)
    context.close()
