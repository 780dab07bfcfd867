"""The join form under pressure in a real browser at 360 px (Debian's
chromium): many wrong codes site-wide, a fresh phone types the code and its
class number and presses Join; the page's script (static/js/pow.js) solves
the challenge and the student lands on the first question. A wrong code
first: the page with the next challenge sends the right code as typed.
axe-core finds no serious or critical problem on the page it shows."""

import os
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

from tests.browser.test_visitor_journey import (  # noqa: E402
    CHROMIUM,
    assert_accessible,
)

SHOTS = Path(__file__).parent / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_a_phone_with_javascript_pays_the_price_by_itself_and_joins(browser, live_server, settings):  # noqa: F811
    from quizzes import join_guard
    from quizzes.models import Attempt
    from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school

    settings.PAGE_CACHE_ENABLED = False
    run = make_run(make_quiz(make_bank()), make_class(make_school()))
    for _ in range(join_guard.calm_limit() + 1):
        join_guard.count_wrong_code()
    site = live_server.url.replace("localhost", "127.0.0.1")
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + "/quiz/")
    assert page.locator(".pow[data-challenge]").count() == 1
    # The script hid the wait meant for browsers without it.
    assert page.locator("#id_pow_nonce_wait").is_hidden()
    page.fill("#id_code", "000000" if run.join_code != "000000" else "000001")
    page.fill("#id_name", "12")
    page.click("button.btn--primary")
    page.wait_for_load_state()
    assert "没有使用这个加入码的开放答题" in page.content()
    assert_accessible(page, "join under pressure")
    page.screenshot(path=str(SHOTS / "quiz-join-guard-360.png"), full_page=True)
    page.fill("#id_code", run.join_code)
    page.click("button.btn--primary")
    page.wait_for_url("**/q/1/", timeout=20000)
    assert Attempt.objects.get(run=run).display_name == "12"
    context.close()
