"""A student's quiz in a real browser at 360 px: join with the code and a
class number → answer every question → finish → read the review; then the
teacher's results at 1280 px. Joining on quiz day, at 360 px and 1280 px: a
code typed in full-width digits with a space, a class number a classmate took
first (the student is told, and joins all the same), and the teacher's run
page showing the clash and settling it. axe-core finds no serious or critical
problem, and nothing is loaded from another host."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

playwright_sync = pytest.importorskip("playwright.sync_api")

from tests.browser.test_visitor_journey import (  # noqa: E402
    CHROMIUM,
    assert_accessible,
    assert_no_third_party_requests,
)

SHOTS = Path(__file__).parent / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def wait_until_sent(page, seconds=15):
    """Until the page's queue of answers is empty. Polled from here: the page's
    CSP forbids the eval that wait_for_function's polling uses."""
    deadline = time.monotonic() + seconds
    while page.evaluate("JSON.parse(localStorage.getItem('quiz-pending-answers') || '[]').length"):
        assert time.monotonic() < deadline, "answers still waiting on the phone"
        page.wait_for_timeout(100)


def log_in_to_admin(page, site, username, password="pw-for-tests-only"):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def office_page(context, site):
    """A page of ``context`` logged in to the admin as the superuser "quiz-office"."""
    admin = context.new_page()
    log_in_to_admin(admin, site, "quiz-office")
    return admin


@pytest.fixture
def quiz_site(live_server, settings):
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_initial_data", verbosity=0)
    return live_server.url.replace("localhost", "127.0.0.1")


def test_a_student_takes_a_quiz_and_the_teacher_reads_the_results(browser, quiz_site):  # noqa: F811
    from quizzes.models import ClassGroup, Quiz, QuizRun

    SHOTS.mkdir(exist_ok=True)
    group = ClassGroup.objects.get(school__code="demo-p02")
    run = QuizRun.objects.create(quiz=Quiz.objects.get(title="小学禁毒知识小测"), class_group=group,
                                 closes_at=timezone.now() + timedelta(hours=1))

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(quiz_site + "/quiz/")
    assert_accessible(page, "join")
    page.fill("#id_code", run.join_code)
    page.fill("#id_name", "23")
    page.screenshot(path=SHOTS / "quiz-phone-1-join.png", full_page=True)
    page.click("button[type=submit].quiz-submit")
    page.wait_for_url("**/q/1/")
    assert_accessible(page, "question")
    attempt = run.attempts.get()
    total = len(attempt.question_ids)

    def answer_shown_question():
        shown = page.locator(".quiz-item:not([hidden])")
        assert shown.count() == 1
        if shown.locator("input[type=text]").count():
            shown.locator("input[type=text]").fill("禁毒")
        else:
            shown.locator(".quiz-choice input").first.check()
        return shown

    # The connection drops while answering question 1: the answer waits on the
    # phone, the next question shows at once, and the answer reaches the
    # server when the connection is back.
    context.set_offline(True)
    answer_shown_question().locator(".quiz-actions .btn--primary").click()
    page.locator(".quiz-sync").wait_for(state="visible")
    page.wait_for_url("**/q/2/")
    assert page.locator("#q2").is_visible() and not page.locator("#q1").is_visible()
    assert attempt.answers.count() == 0
    assert page.evaluate("JSON.parse(localStorage.getItem('quiz-pending-answers')).length") == 1
    page.screenshot(path=SHOTS / "quiz-phone-2b-offline.png", full_page=True)
    context.set_offline(False)
    wait_until_sent(page)
    assert attempt.answers.count() == 1
    page.goto(f"{quiz_site}/quiz/a/{attempt.token}/q/1/")

    for number in range(1, total + 1):
        # The script sends the answer in the background and shows the next
        # question in place: the page is loaded once.
        page.wait_for_url(f"**/q/{number}/")
        assert page.title().startswith(page.locator(f"#q{number}").get_attribute("data-title"))
        shown = answer_shown_question()
        if number == 1:
            page.screenshot(path=SHOTS / "quiz-phone-2-question.png", full_page=True)
        shown.locator(".quiz-actions .btn--primary").click()
    # After the last question the hand-in section shows in place, every
    # question marked answered; the overview page itself is never loaded.
    page.wait_for_url(f"**/quiz/a/{attempt.token}/")
    assert page.locator("#hand-in").is_visible() and page.locator(".quiz-item:not([hidden])").count() == 1
    assert page.locator("#hand-in .quiz-grid__item.is-answered").count() == total
    assert not page.locator(".quiz-unanswered").is_visible()
    assert not [url for url in requests if url.endswith(f"/quiz/a/{attempt.token}/")]
    wait_until_sent(page)
    assert attempt.answers.values("question_id").distinct().count() == total
    assert_accessible(page, "overview")
    # A question of the grid opens in place, and the link under it leads back.
    page.locator("#hand-in .quiz-grid__item").nth(2).click()
    page.wait_for_url("**/q/3/")
    assert page.locator("#q3").is_visible() and not page.locator("#hand-in").is_visible()
    page.locator(".quiz-links a").click()
    page.wait_for_url(f"**/quiz/a/{attempt.token}/")
    assert page.locator("#hand-in").is_visible()
    page.screenshot(path=SHOTS / "quiz-phone-3-overview.png", full_page=True)
    page.click("button.quiz-submit")
    page.wait_for_url("**/result/")
    assert page.locator(".quiz-score").count() == 1
    assert page.locator(".quiz-review__item").count() == total
    assert_accessible(page, "result")
    page.screenshot(path=SHOTS / "quiz-phone-4-review.png", full_page=True)
    assert_no_third_party_requests(requests, quiz_site)
    context.close()

    # The results page of a finished demo run, as the office sees it. (A
    # superuser: after the suite's other transactional tests have flushed the
    # database, the migration-made group permissions the demo teacher relies
    # on may be gone; tests/quizzes/test_teacher.py covers the teacher's scope.)
    from django.contrib.auth.models import User

    User.objects.create_superuser("quiz-office", password="pw-for-tests-only")
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = office_page(desktop, quiz_site)
    demo_run = QuizRun.objects.filter(is_demo=True, class_group__school__code="demo-j01").order_by("pk").first()
    response = admin.goto(f"{quiz_site}/admin/quizzes/runs/{demo_run.pk}/")
    assert response.status == 200 and admin.locator(".qa-code").count() == 1, (admin.url, admin.content()[:3000])
    assert admin.locator(".qa-code").inner_text() == demo_run.join_code
    assert admin.locator("svg.qa-svg").count() == 2
    admin.screenshot(path=SHOTS / "quiz-desktop-teacher-results.png", full_page=True)
    desktop.close()


def test_an_answer_sent_after_the_hand_in_on_another_phone_is_refused_in_words(browser, quiz_site):  # noqa: F811
    from quizzes.models import ClassGroup, Quiz, QuizRun
    from quizzes.services import finish_attempt

    run = QuizRun.objects.create(quiz=Quiz.objects.get(title="小学禁毒知识小测"),
                                 class_group=ClassGroup.objects.get(school__code="demo-p02"),
                                 closes_at=timezone.now() + timedelta(hours=1))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(quiz_site + "/quiz/")
    page.fill("#id_code", run.join_code)
    page.fill("#id_name", "7")
    page.click("button[type=submit].quiz-submit")
    page.wait_for_url("**/q/1/")
    attempt = run.attempts.get()
    # The same student hands in on a second phone while this one still shows question 1.
    finish_attempt(attempt.pk)
    shown = page.locator("#q1")
    if shown.locator("input[type=text]").count():
        shown.locator("input[type=text]").fill("禁毒")
    else:
        shown.locator(".quiz-choice input").first.check()
    shown.locator(".quiz-actions .btn--primary").click()
    status = page.locator(".quiz-sync")
    status.wait_for(state="visible")
    assert "这个答案没有保存：你的答卷已经交了" in status.text_content()
    # Then on to the result, which counts what was saved before the hand-in: nothing.
    page.wait_for_url("**/result/", timeout=15000)
    assert attempt.answers.count() == 0
    assert page.locator(".quiz-score strong").text_content() == "0"
    context.close()


def full_width(text):
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


@pytest.fixture
def join_site(live_server, settings):
    settings.PAGE_CACHE_ENABLED = False
    return live_server.url.replace("localhost", "127.0.0.1")


def test_a_taken_class_number_is_told_joined_and_settled_by_the_teacher(browser, join_site):  # noqa: F811
    from django.contrib.auth.models import User

    from quizzes.models import Attempt, QuizRun
    from tests.quizzes.builders import make_bank, make_class, make_quiz, make_school

    SHOTS.mkdir(exist_ok=True)
    run = QuizRun.objects.create(quiz=make_quiz(make_bank()), class_group=make_class(make_school()),
                                 closes_at=timezone.now() + timedelta(hours=1))
    code = run.join_code
    typed_code = f"{full_width(code[:3])} {full_width(code[3:])}"

    for width, name in ((360, "phone"), (1280, "desktop")):
        context = browser.new_context(viewport={"width": width, "height": 800})
        first, second = context.new_page(), browser.new_context(viewport={"width": width, "height": 800}).new_page()
        requests = []
        second.on("request", lambda request, seen=requests: seen.append(request.url))
        number = "12" if width == 360 else "15"
        # A classmate (really 13 or 16) types this number first.
        first.goto(join_site + "/quiz/")
        first.fill("#id_code", typed_code)
        first.fill("#id_name", number)
        first.click("button[type=submit].quiz-submit")
        first.wait_for_url("**/q/1/")
        # The student whose number it is is told, with a way in.
        second.goto(join_site + "/quiz/")
        second.fill("#id_code", typed_code)
        second.fill("#id_name", number)
        second.click("button[type=submit].quiz-submit")
        clash = second.locator(".quiz-clash")
        clash.wait_for()
        assert f"{number} 号已经加入了这场答题" in clash.inner_text()
        assert_accessible(second, f"join clash {width}")
        second.screenshot(path=SHOTS / f"quiz-{name}-join-clash.png", full_page=True)
        box = clash.locator("button").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the button fits the screen"
        clash.locator("button").click()
        second.wait_for_url("**/q/1/")
        assert_no_third_party_requests(requests, join_site)
        context.close()
    assert Attempt.objects.filter(run=run, clash=1).count() == 2

    User.objects.create_superuser("quiz-office", password="pw-for-tests-only")
    for width, name in ((1280, "desktop"), (360, "phone")):
        admin = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        admin.goto(join_site + "/admin/login/")
        admin.fill("#id_username", "quiz-office")
        admin.fill("#id_password", "pw-for-tests-only")
        admin.click("button[type=submit]")
        admin.wait_for_url("**/admin/")
        admin.goto(f"{join_site}/admin/quizzes/runs/{run.pk}/")
        panel = admin.locator("#clashes")
        assert "两人使用了同一学号" in panel.inner_text()
        assert panel.locator("table.qa-clash").count() == (2 if width == 1280 else 1)
        assert_accessible(admin, f"teacher clash {width}")
        admin.screenshot(path=SHOTS / f"quiz-{name}-teacher-clash.png", full_page=True)
        # The admin scrolls inside its own pane, past what a page screenshot holds.
        panel.screenshot(path=SHOTS / f"quiz-{name}-teacher-clash-panel.png")
        for form in panel.locator("form").all():
            box = form.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the number field fits the screen"
        # The teacher gives the student who came first their own number.
        row = panel.locator("table.qa-clash").first.locator("tbody tr").first
        settled = "13" if width == 1280 else "16"
        row.locator("input[name=name]").fill(settled)
        row.get_by_role("button", name="修改").click()
        admin.wait_for_url("**#clashes")
        assert f"改为 {settled}" in admin.locator(".messages").inner_text()
    assert admin.locator("#clashes").count() == 0
    assert sorted(Attempt.objects.filter(run=run).values_list("display_name", "clash")) == [
        ("12", 0), ("13", 0), ("15", 0), ("16", 0)]


def test_a_student_who_joins_before_the_start_waits_and_the_paper_opens_by_itself(browser, quiz_site):  # noqa: F811
    from quizzes.models import ClassGroup, Quiz, QuizRun

    SHOTS.mkdir(exist_ok=True)
    # The teacher set the start a little ahead: long enough to join on a busy machine.
    starts = timezone.now() + timedelta(seconds=25)
    run = QuizRun.objects.create(quiz=Quiz.objects.get(title="小学禁毒知识小测"),
                                 class_group=ClassGroup.objects.get(school__code="demo-p02"),
                                 opens_at=starts, closes_at=starts + timedelta(hours=1))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{quiz_site}/quiz/?code={run.join_code}")
    page.fill("#id_name", "8")
    page.click("button[type=submit].quiz-submit")
    page.wait_for_url("**/q/1/")
    # The waiting page: the start time, a countdown that moves, no question.
    assert timezone.localtime(starts).strftime("%H:%M") in page.locator("h2").inner_text()
    first = page.locator(".quiz-countdown").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator(".quiz-countdown").inner_text() != first
    assert page.locator(".quiz-item").count() == 0
    assert_accessible(page, "waiting")
    page.screenshot(path=SHOTS / "quiz-phone-0-waiting.png", full_page=True)
    # At the start the paper opens without a tap, its first question ready to answer.
    page.locator(".quiz-item:not([hidden]) .quiz-choice input, .quiz-item:not([hidden]) input[type=text]").first.wait_for(
        timeout=60_000)
    assert page.locator("#q1").is_visible()
    assert run.attempts.get().started_at == starts
    context.close()
