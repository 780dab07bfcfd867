"""The teacher's run page when more students joined than the class has seats,
on a 360 px phone and a 1280 px desktop: the figure reads "44/45 + 3 extra,
check", never a rate over 100 %, and it stays inside the screen."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

playwright_sync = pytest.importorskip("playwright.sync_api")

from tests.browser.test_quiz_journey import log_in_to_admin  # noqa: E402
from tests.browser.test_visitor_journey import CHROMIUM  # noqa: E402, F401

SHOTS = Path(__file__).parent / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_a_class_with_more_students_than_seats_reads_clearly(browser, live_server):  # noqa: F811
    from django.contrib.auth.models import User

    from quizzes.models import Attempt
    from quizzes.services import start_run_attempt
    from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school

    SHOTS.mkdir(exist_ok=True)
    run = make_run(make_quiz(make_bank()), make_class(make_school(), enrolled=45))
    # 44 of the class of 45, and three numbers the class does not have.
    for number in [*range(1, 45), 46, 47, 48]:
        attempt, _created = start_run_attempt(run, str(number))
        Attempt.objects.filter(pk=attempt.pk).update(finished_at=timezone.now(), score=80 + number % 20,
                                                     points=3, max_points=4)
    User.objects.create_superuser("figures-office", password="pw-for-tests-only")
    site = live_server.url.replace("localhost", "127.0.0.1")
    for name, viewport in (("phone", {"width": 360, "height": 800}), ("desktop", {"width": 1280, "height": 900})):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        log_in_to_admin(page, site, "figures-office")
        page.goto(f"{site}/admin/quizzes/runs/{run.pk}/")
        joined = page.locator(".qa-figures div").first
        assert joined.locator("dd").inner_text().split() == ["44/45", "另有", "3", "人，请核对"]
        assert "46, 47, 48" in page.locator(".qa-note").inner_text()
        participation = page.locator(".qa-figures div").nth(2).locator("dd").inner_text()
        assert participation == "98%"  # 44 of 45
        box = joined.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
        for selector in (".qa-note", ".qa-chart"):
            shown = page.locator(selector).first.bounding_box()
            assert shown["x"] + shown["width"] <= viewport["width"], (selector, shown)
        # The admin scrolls inside its own panel: a full-page shot would stop at the first screen.
        joined.evaluate("el => el.scrollIntoView()")
        page.screenshot(path=SHOTS / f"quiz-{name}-teacher-participation.png")
        context.close()
