"""Quiz day as it happens: a school behind one address (or behind nginx),
students who mistype the code or a classmate's number, a closed run's code,
and a script guessing codes."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from quizzes.models import Attempt
from tests.quizzes.builders import make_bank, make_class, make_quiz, make_run, make_school, make_teacher

pytestmark = pytest.mark.django_db

NAT_ADDRESS = "203.0.113.7"
# Straight to gunicorn, a school's students all come from its NAT address;
# behind the documented nginx (site/nginx.conf.example) every request comes
# from 127.0.0.1 with the address in X-Forwarded-For ($proxy_add_x_forwarded_for).
DIRECT = {"REMOTE_ADDR": NAT_ADDRESS}
BEHIND_NGINX = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": NAT_ADDRESS}


@pytest.fixture
def quiz():
    return make_quiz(make_bank())


@pytest.fixture
def run(quiz):
    return make_run(quiz, make_class(make_school()))


def other_code(*taken):
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in taken)


def full_width(text):
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in text)


def student(headers):
    """A phone: it opens the join page first, as a student does (the QR code or the address)."""
    phone = Client(**headers)
    assert phone.get("/quiz/").status_code == 200
    return phone


def join(phone, code, name, **extra):
    return phone.post("/quiz/", {"code": code, "name": name, **extra})


def next_window():
    """The start of the next ten-minute window of the wrong-code count; the runs are open for an hour."""
    return (int(time.time() // 600) + 1) * 600


@pytest.mark.parametrize("headers", [DIRECT, BEHIND_NGINX], ids=["direct", "behind-nginx"])
def test_a_class_behind_one_address_joins_while_typists_retry_and_a_guesser_is_refused(quiz, headers):
    school = make_school()
    run = make_run(quiz, make_class(school, enrolled=40))
    # Another class of another school in the same minute, behind the same address.
    other_run = make_run(quiz, make_class(make_school("t-j02", "另一中学"), enrolled=40))
    codes = (run.join_code, other_run.join_code)
    with time_machine.travel(next_window() + 5, tick=True):
        started = time.time()
        # A script walking the codes, keeping its cookies.
        guesser = student(headers)
        statuses = [join(guesser, f"{n:06d}", "1").status_code for n in range(60) if f"{n:06d}" not in codes]
        assert statuses[:10] == [404] * 10
        assert set(statuses[10:]) == {429}
        # Having found nothing, it is refused a right code too: no answer tells it anything.
        assert join(guesser, run.join_code, "1").status_code == 429
        # One that sends no device id shares a single count with every such request.
        cookieless_statuses = [join(Client(**headers), f"{n:06d}", "1").status_code
                               for n in range(100, 130) if f"{n:06d}" not in codes]
        assert cookieless_statuses[:10] == [404] * 10 and set(cookieless_statuses[10:]) == {429}

        typo = other_code(*codes)
        for number in range(1, 41):
            phone = student(headers)
            if number % 8 == 0:  # 5 of the 40 mistype the code twice
                assert join(phone, typo, str(number)).status_code == 404
                assert join(phone, full_width(typo), str(number)).status_code == 404
            response = join(phone, run.join_code, str(number))
            assert response.status_code == 302, response.content.decode()[:300]
            assert phone.get(response["Location"]).status_code == 200
            # The other school's class joins in the same minute and notices nothing.
            assert join(student(headers), other_run.join_code, str(number)).status_code == 302
        assert time.time() - started < 60
    assert Attempt.objects.filter(run=run).count() == 40
    assert Attempt.objects.filter(run=other_run).count() == 40
    # Nothing the limit keeps holds the address.
    cache_dir = Path(settings.CACHES["default"]["LOCATION"])
    for path in cache_dir.rglob("*"):
        if path.is_file():
            assert NAT_ADDRESS.encode() not in path.read_bytes()


@pytest.mark.parametrize("typed", ["{code}", "{full}", "{a} {b}", "{a}　{b}", " {a}-{b} ", "{fa} {fb}"])
def test_codes_as_people_type_them_are_accepted(run, typed):
    code = run.join_code
    text = typed.format(code=code, full=full_width(code), a=code[:3], b=code[3:], fa=full_width(code[:3]),
                        fb=full_width(code[3:]))
    response = join(student(BEHIND_NGINX), text, "１２")
    assert response.status_code == 302, (text, response.content.decode()[:300])
    assert Attempt.objects.get(run=run).display_name == "12"


def test_a_code_that_is_not_six_digits_says_so(run):
    response = join(student(DIRECT), run.join_code[:5] + "x", "12")
    assert response.status_code == 400
    assert "加入码是 6 位数字" in response.content.decode()


def test_the_code_of_a_closed_run_says_the_quiz_has_closed(run):
    phone = student(DIRECT)
    mine = join(phone, run.join_code, "12")
    assert mine.status_code == 302
    run.closed = True
    run.closes_at = timezone.now() - timedelta(minutes=1)
    run.save()
    late = join(student(DIRECT), run.join_code, "13")
    assert late.status_code == 410
    body = late.content.decode()
    assert "这场答题已于" in body and "结束" in body and "没有使用这个加入码" not in body
    # The student who took it is sent to their result instead.
    again = join(phone, run.join_code, "12")
    assert again.status_code == 302 and "/result/" in again["Location"]
    # Past its closing time but not yet swept: closed all the same.
    run.closed = False
    run.save()
    assert join(student(DIRECT), run.join_code, "14").status_code == 410


def test_a_new_run_with_an_old_runs_code_is_the_one_joined(run, quiz):
    run.closed = True
    run.closes_at = timezone.now() - timedelta(minutes=5)
    run.save()
    newer = make_run(quiz, run.class_group, join_code=run.join_code)
    assert join(student(DIRECT), run.join_code, "12").status_code == 302
    assert Attempt.objects.get().run == newer


def test_a_code_closed_long_ago_is_just_a_wrong_code(run):
    run.closed = True
    run.closes_at = timezone.now() - timedelta(days=30)
    run.save()
    response = join(student(DIRECT), run.join_code, "12")
    assert response.status_code == 404 and "没有使用这个加入码的开放答题" in response.content.decode()


# ---------------------------------------------------------------- seat clash
@pytest.fixture
def teacher(run):
    return make_teacher("teacher-clash", run.class_group.school)


def run_page(teacher, run):
    client = Client()
    client.force_login(teacher)
    return client, client.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()


def test_a_classmate_whose_number_was_taken_gets_in_and_the_teacher_settles_it(run, teacher):
    # Number 13 mistypes 12 and takes the seat; 12 comes second.
    thirteen = student(BEHIND_NGINX)
    assert join(thirteen, run.join_code, "12").status_code == 302
    twelve = student(BEHIND_NGINX)
    told = join(twelve, run.join_code, "12")
    assert told.status_code == 409
    body = told.content.decode()
    assert "12 号已经加入了这场答题" in body and "12 就是我的学号，加入" in body
    # A wrong number corrected in the form: no clash at all.
    typo = student(BEHIND_NGINX)
    assert join(typo, run.join_code, "12").status_code == 409
    assert join(typo, run.join_code, "21").status_code == 302
    # 12 says the number is theirs and is in, on a paper of their own.
    response = join(twelve, run.join_code, "12", same_name="12")
    assert response.status_code == 302
    assert twelve.get(response["Location"]).status_code == 200
    first, second = Attempt.objects.filter(run=run, display_name="12").order_by("clash")
    assert (first.clash, second.clash) == (0, 1) and first.token != second.token
    # Back on the join page, each phone goes back to its own paper.
    assert first.token in join(thirteen, run.join_code, "12")["Location"]
    assert second.token in join(twelve, run.join_code, "12")["Location"]

    client, page = run_page(teacher, run)
    assert "两人使用了同一学号" in page and "最先使用这个学号" in page and "已被提示学号有人用" in page
    summary = client.get(f"/admin/quizzes/runs/{run.pk}/").context["results"]["summary"]
    assert summary["joined"] == 3
    # The teacher gives the first one their own number, 13.
    settled = client.post(f"/admin/quizzes/runs/{run.pk}/students/{first.pk}/renumber/", {"name": "１３"})
    assert settled.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.display_name, first.clash) == ("13", 0)
    assert (second.display_name, second.clash) == ("12", 0)
    page = client.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "两人使用了同一学号" not in page and "已把 12 改为 13" in page
    # Each phone still has its own paper.
    assert thirteen.get(f"/quiz/a/{first.token}/q/1/").status_code == 200
    assert twelve.get(f"/quiz/a/{second.token}/q/1/").status_code == 200


def test_a_number_already_taken_is_not_given_and_another_school_cannot_renumber(run, teacher, quiz):
    for name in ("12", "13"):
        assert join(student(DIRECT), run.join_code, name).status_code == 302
    assert join(student(DIRECT), run.join_code, "12", same_name="12").status_code == 302
    first = Attempt.objects.get(run=run, display_name="12", clash=0)
    client, _page = run_page(teacher, run)
    url = f"/admin/quizzes/runs/{run.pk}/students/{first.pk}/renumber/"
    client.post(url, {"name": "13"})
    assert "本场答题中已有人使用 13" in client.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    client.post(url, {"name": "13800138000"})
    assert Attempt.objects.filter(run=run, display_name="12").count() == 2
    stranger = make_teacher("teacher-elsewhere", make_school("t-j03", "别的中学"))
    other = Client()
    other.force_login(stranger)
    assert other.post(url, {"name": "14"}).status_code == 404
    assert Attempt.objects.filter(run=run, display_name="12").count() == 2


def test_one_student_on_two_devices_is_settled_by_removing_the_empty_attempt(run, teacher):
    from quizzes.services import record_answer

    first_phone, second_phone = student(DIRECT), student(DIRECT)
    assert join(first_phone, run.join_code, "12").status_code == 302
    assert join(second_phone, run.join_code, "12", same_name="12").status_code == 302
    kept = Attempt.objects.get(run=run, clash=0)
    extra = Attempt.objects.get(run=run, clash=1)
    record_answer(kept, kept.question_ids[0], [], "六二六", 1)
    client, page = run_page(teacher, run)
    assert page.count("删除（未作答）") == 1  # only the attempt with no answers offers it
    # An attempt with answers is never removed.
    client.post(f"/admin/quizzes/runs/{run.pk}/students/{kept.pk}/remove/")
    assert Attempt.objects.filter(pk=kept.pk).exists()
    assert client.post(f"/admin/quizzes/runs/{run.pk}/students/{extra.pk}/remove/").status_code == 302
    assert list(Attempt.objects.filter(run=run)) == [kept]
    page = client.get(f"/admin/quizzes/runs/{run.pk}/").content.decode()
    assert "两人使用了同一学号" not in page and "已删除 12 多出的一次作答" in page
    # The lone attempt left cannot be removed either.
    client.post(f"/admin/quizzes/runs/{run.pk}/students/{kept.pk}/remove/")
    assert Attempt.objects.filter(pk=kept.pk).exists()
    assert second_phone.get(f"/quiz/a/{extra.token}/q/1/").status_code == 404
