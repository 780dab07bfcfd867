"""A guesser that fetches a fresh cookie every few guesses (so the per-device
limit never sees it) against a quiz day: the whole site's wrong codes past
what typos make put a price on each code from a device that has not joined
(quizzes/join_guard.py), while a class behind the same address, typists
included, still joins within the minute, directly and behind nginx."""

import re
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from core.pow import solve
from quizzes import join_guard
from quizzes.models import Attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school
from tests.quizzes.test_join_day import BEHIND_NGINX, DIRECT, NAT_ADDRESS, full_width, next_window

pytestmark = pytest.mark.django_db

CHALLENGE = re.compile(r'data-challenge="([^"]+)" data-bits="(\d+)"')


@pytest.fixture
def quiz():
    return make_quiz(make_bank())


def challenge_of(response):
    """(challenge, bits) of the join page's main form, or None when it asks for none."""
    found = CHALLENGE.findall(response.content.decode())
    return (found[-1][0], int(found[-1][1])) if found else None


class Phone:
    """A student's phone with JavaScript: it opens the join page, and the
    page's script (static/js/pow.js) solves any challenge before the form goes."""

    def __init__(self, headers):
        self.client = Client(**headers)
        self.page = self.client.get("/quiz/")
        assert self.page.status_code == 200
        self.bits_solved = []  # the size of each challenge this phone had to solve

    def join(self, code, name):
        data = {"code": code, "name": name}
        asked = challenge_of(self.page)
        if asked:
            data |= {"challenge": asked[0], "pow_nonce": solve(*asked)}
            self.bits_solved.append(asked[1])
        self.page = self.client.post("/quiz/", data)
        return self.page


def codes_except(*taken):
    return (f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in taken)


def test_a_school_start_crowd_with_typos_stays_below_the_guard(quiz):
    """The measure behind QUIZ_WRONG_CODES_CALM: 2,000 joins with 5 % of the
    students (100) mistyping the code twice make 200 wrong codes, and none of
    those students is ever asked for anything."""
    school = make_school()
    runs = [make_run(quiz, make_class(school, name=f"{n}班", enrolled=40)) for n in range(1, 4)]
    wrong = next(codes_except(*(run.join_code for run in runs)))
    with time_machine.travel(next_window() + 5, tick=True):
        for number in range(100):
            phone = Phone(BEHIND_NGINX)
            run = runs[number % 3]
            assert challenge_of(phone.page) is None
            assert phone.join(wrong, str(number // 3 + 1)).status_code == 404
            assert phone.join(full_width(wrong), str(number // 3 + 1)).status_code == 404
            assert challenge_of(phone.page) is None
            assert phone.join(run.join_code, str(number // 3 + 1)).status_code == 302
        assert join_guard.site_wrong_codes() == 200 < join_guard.calm_limit()
    assert Attempt.objects.count() == 100


@pytest.mark.parametrize("headers", [DIRECT, BEHIND_NGINX], ids=["direct", "behind-nginx"])
def test_a_guesser_rotating_cookies_is_stopped_and_a_class_behind_its_address_still_joins(quiz, headers):
    run = make_run(quiz, make_class(make_school(), enrolled=40))
    other_run = make_run(quiz, make_class(make_school("t-j02", "另一中学"), enrolled=40))
    codes = codes_except(run.join_code, other_run.join_code)
    with time_machine.travel(next_window() + 5, tick=True):
        # The script: a fresh cookie every second guess, never a proof of work.
        checked = 0
        while True:
            guesser = Client(**headers)
            guesser.get("/quiz/")
            statuses = [guesser.post("/quiz/", {"code": next(codes), "name": "1"}).status_code for _ in range(2)]
            checked += statuses.count(404)
            if 429 in statuses:
                break
            assert checked < 2 * join_guard.calm_limit()
        # It was answered only while typos could have made its wrong codes.
        assert checked == join_guard.calm_limit() + 1
        # Now even the right code gets it nothing without a solved challenge.
        fresh = Client(**headers)
        page = fresh.get("/quiz/")
        token, bits = challenge_of(page)
        assert bits == join_guard.base_bits() == 16
        refused = fresh.post("/quiz/", {"code": run.join_code, "name": "1", "challenge": token})
        assert refused.status_code == 429
        assert "在过去几分钟里，本站输错加入码的次数很多" in refused.content.decode()
        assert not Attempt.objects.exists()
        # With one it buys one code: 2^16 hashes each, and a challenge is not spent twice.
        nonce = solve(token, bits)
        assert fresh.post("/quiz/", {"code": next(codes), "name": "1", "challenge": token,
                                     "pow_nonce": nonce}).status_code == 404
        assert fresh.post("/quiz/", {"code": next(codes), "name": "1", "challenge": token,
                                     "pow_nonce": nonce}).status_code == 429

        # Under that pressure a class behind the same address joins, 5 of its 40
        # mistyping twice, and another school's class in the same minute.
        typo = next(codes)
        phones = []
        for number in range(1, 41):
            phone = Phone(headers)
            if number % 8 == 0:
                assert phone.join(typo, str(number)).status_code == 404
                assert phone.join(full_width(typo), str(number)).status_code == 404
            response = phone.join(run.join_code, str(number))
            assert response.status_code == 302, response.content.decode()[:300]
            assert phone.client.get(response["Location"]).status_code == 200
            phones.append(phone)
            assert Phone(headers).join(other_run.join_code, str(number)).status_code == 302
        # What that costs a phone: one 16-bit challenge per code it sends (a
        # fraction of a second in a phone's browser), never a harder one.
        assert all(phone.bits_solved and max(phone.bits_solved) == 16 for phone in phones)
        assert max(len(phone.bits_solved) for phone in phones) == 3
        # A phone that joined goes back to its paper with no question asked.
        back = phones[0].client.post("/quiz/", {"code": run.join_code, "name": "1"})
        assert back.status_code == 302 and "/q/1/" in back["Location"]
        assert challenge_of(phones[0].client.get("/quiz/")) is None
    assert Attempt.objects.filter(run=run).count() == 40
    assert Attempt.objects.filter(run=other_run).count() == 40
    cache_dir = Path(settings.CACHES["default"]["LOCATION"])
    for path in cache_dir.rglob("*"):
        if path.is_file():
            assert NAT_ADDRESS.encode() not in path.read_bytes()


def pressure(count):
    for _ in range(count):
        join_guard.count_wrong_code()


def test_without_javascript_a_student_waits_and_then_gets_in(quiz, time_machine):
    run = make_run(quiz, make_class(make_school()))
    time_machine.move_to(next_window() + 5, tick=False)
    pressure(join_guard.calm_limit() + 1)
    phone = Client(**BEHIND_NGINX)
    page = phone.get("/quiz/").content.decode()
    assert "没有 JavaScript 时，请在本页打开 30 秒后再点“加入”" in page
    token, _bits = CHALLENGE.findall(page)[-1]
    early = phone.post("/quiz/", {"code": run.join_code, "name": "12", "challenge": token})
    assert early.status_code == 429
    assert "没有 JavaScript 时，请在 30 秒后再次点击“加入”" in early.content.decode()
    assert token in early.content.decode()  # the same challenge: the wait already counts
    time_machine.shift(30)
    joined = phone.post("/quiz/", {"code": run.join_code, "name": "12", "challenge": token})
    assert joined.status_code == 302
    assert Attempt.objects.get(run=run).display_name == "12"


def test_the_price_rises_as_the_wrong_codes_go_on(quiz, time_machine):
    time_machine.move_to(next_window() + 5, tick=False)
    pressure(join_guard.calm_limit() * 4 + 1)
    assert challenge_of(Client().get("/quiz/"))[1] == join_guard.base_bits() + 2
    # The count slides: ten quiet minutes later the site is calm again.
    time_machine.shift(join_guard.WINDOW_S * 2)
    assert challenge_of(Client().get("/quiz/")) is None


def test_a_forged_or_stale_challenge_is_refused_with_a_clear_message(quiz, time_machine):
    run = make_run(quiz, make_class(make_school()))
    time_machine.move_to(next_window() + 5, tick=False)
    pressure(join_guard.calm_limit() + 1)
    phone = Client()
    phone.get("/quiz/")
    forged = "0" * 24 + ".1." + str(int(time.time()))
    response = phone.post("/quiz/", {"code": run.join_code, "name": "12", "challenge": forged,
                                     "pow_nonce": solve(forged, 1)})
    assert response.status_code == 429 and "在过去几分钟里" in response.content.decode()
    assert challenge_of(response) is not None  # a real one, sent by itself once solved
    assert "data-autosubmit" in response.content.decode()
    assert not Attempt.objects.exists()
