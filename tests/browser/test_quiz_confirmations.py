"""The confirmations at the edges of a class quiz, in chromium at 360 px and
1280 px: handing in with questions left (in place with the script, and on
the overview page without it), and the teacher's "close now" while students
answer and "delete" of one attempt. Screenshots in tests/browser/screenshots/."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

playwright_sync = pytest.importorskip("playwright.sync_api")

from tests.browser.test_quiz_journey import SHOTS, office_page, quiz_site, wait_until_sent  # noqa: E402, F401
from tests.browser.test_visitor_journey import (  # noqa: E402
    CHROMIUM,
    assert_accessible,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def join(page, site, run, number):
    page.goto(site + "/quiz/")
    page.fill("#id_code", run.join_code)
    page.fill("#id_name", number)
    page.click("button[type=submit].quiz-submit")
    page.wait_for_url("**/q/1/")
    return run.attempts.get(display_name=number)


def answer_first_question(page):
    shown = page.locator(".quiz-item:not([hidden])")
    if shown.locator("input[type=text]").count():
        shown.locator("input[type=text]").fill("禁毒")
    else:
        shown.locator(".quiz-choice input").first.check()
    shown.locator(".quiz-actions .btn--primary").click()
    page.wait_for_url("**/q/2/")


def test_hand_in_close_and_delete_ask_first(browser, quiz_site):  # noqa: F811
    from django.contrib.auth.models import User

    from quizzes.models import AttemptDeletion, ClassGroup, Quiz, QuizRun

    SHOTS.mkdir(exist_ok=True)
    group = ClassGroup.objects.filter(school__code="demo-j01").order_by("grade", "name").first()
    run = QuizRun.objects.create(quiz=Quiz.objects.filter(is_practice=False).order_by("pk").first(),
                                 class_group=group, closes_at=timezone.now() + timedelta(hours=1))

    # With the script: one question answered, then "hand in" from the paper's
    # last section asks in place, and says how many are left.
    for name, size in WIDTHS.items():
        context = browser.new_context(viewport=size)
        page = context.new_page()
        number = "31" if name == "phone" else "32"
        attempt = join(page, quiz_site, run, number)
        total = len(attempt.question_ids)
        answer_first_question(page)
        wait_until_sent(page)
        page.locator(".quiz-links a").click()
        page.wait_for_url(f"**/quiz/a/{attempt.token}/")
        page.click("#hand-in button.quiz-submit")
        box = page.locator("#hand-in .quiz-confirm")
        box.wait_for(state="visible")
        assert f"{total - 1} 道题没有作答" in box.inner_text()
        assert not page.locator("#hand-in button.quiz-submit").is_visible()
        assert_accessible(page, f"hand-in confirmation ({name})")
        page.screenshot(path=SHOTS / f"quiz-{name}-hand-in-confirm.png", full_page=True)
        attempt.refresh_from_db()
        assert not attempt.is_finished
        # "Go back" shows the first question left, in place.
        box.locator(".quiz-confirm__back").click()
        page.wait_for_url("**/q/2/")
        assert page.locator("#q2").is_visible()
        if name == "phone":
            page.locator(".quiz-links a").click()
            page.click("#hand-in button.quiz-submit")
            page.locator("#hand-in .quiz-confirm__yes").click()
            page.wait_for_url("**/result/")
            attempt.refresh_from_db()
            assert attempt.is_finished
        context.close()

    # Without the script: the overview page asks after the first press.
    context = browser.new_context(viewport=WIDTHS["phone"], java_script_enabled=False)
    page = context.new_page()
    attempt = join(page, quiz_site, run, "33")
    page.goto(f"{quiz_site}/quiz/a/{attempt.token}/")
    page.click("button.quiz-submit")
    page.wait_for_url("**/?confirm=1")
    assert page.locator(".quiz-confirm").is_visible()
    assert f"{len(attempt.question_ids)} 道题没有作答" in page.locator(".quiz-confirm").inner_text()
    page.screenshot(path=SHOTS / "quiz-phone-hand-in-confirm-nojs.png", full_page=True)
    page.click(".quiz-confirm__yes")
    page.wait_for_url("**/result/")
    context.close()

    # The office at the run's page: "close now" while a student (32) is still
    # answering asks and counts them; deleting one attempt asks, then records it.
    User.objects.create_superuser("quiz-office", password="pw-for-tests-only")
    answering = run.attempts.filter(finished_at__isnull=True).count()
    for name, size in WIDTHS.items():
        context = browser.new_context(viewport=size)
        admin = office_page(context, quiz_site)
        admin.goto(f"{quiz_site}/admin/quizzes/runs/{run.pk}/")
        admin.click("form.qa-inline button[type=submit]")
        admin.locator(".qa-confirm").wait_for(state="visible")
        assert f"{answering} 名学生正在作答" in admin.locator(".qa-confirm").inner_text()
        admin.screenshot(path=SHOTS / f"quiz-{name}-teacher-close-confirm.png", full_page=True)
        admin.click("text=继续开放")
        admin.wait_for_url(f"**/admin/quizzes/runs/{run.pk}/")
        assert not QuizRun.objects.get(pk=run.pk).closed

        target = run.attempts.get(display_name="31" if name == "phone" else "32")
        admin.click(f"a[href='/admin/quizzes/attempts/{target.pk}/delete/']")
        admin.wait_for_url(f"**/attempts/{target.pk}/delete/")
        assert admin.locator(".qa-confirm").is_visible()
        admin.screenshot(path=SHOTS / f"quiz-{name}-teacher-delete-confirm.png", full_page=True)
        admin.click("button:has-text('删除答卷')")
        admin.wait_for_url(f"**/admin/quizzes/runs/{run.pk}/")
        assert not run.attempts.filter(pk=target.pk).exists()
        assert admin.locator(".qa-deletions tbody tr").count() == AttemptDeletion.objects.filter(run=run).count()
        # The admin scrolls inside its own panel: show the record, then take the screen.
        admin.locator(".qa-deletions").scroll_into_view_if_needed()
        admin.screenshot(path=SHOTS / f"quiz-{name}-teacher-deleted.png")
        admin.click("a.button:has-text('教师指南')")
        admin.wait_for_url("**/admin/quizzes/guide/")
        assert admin.locator("#retention").is_visible()
        admin.screenshot(path=SHOTS / f"quiz-{name}-teachers-guide.png")
        context.close()
