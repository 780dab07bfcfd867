"""The student side at /quiz/: join, answer one question per screen, finish, review.

Every page here is per visitor (a CSRF form, a cookie), so none is ever
cached (``never_cache``). Everything works with plain form posts; the
answer key and explanations are only rendered by the review page, and only
once the quiz's review policy allows it.
"""

import math
import secrets
import time
import zlib
from datetime import timedelta

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core import caching
from core.caching import process_memo
from quizzes import certificates, join_guard, paper
from quizzes.choices import StudentNaming
from quizzes.forms import (
    JoinForm,
    PracticeForm,
    check_display_name,
    normalise_display_name,
    normalise_join_code,
)
from quizzes.leaderboard import leaderboard
from quizzes.models import Attempt, Certificate, Quiz, QuizRun
from quizzes.services import (
    AnswerRejected,
    answers_of,
    attempts_left,
    cached_quiz,
    finish_attempt,
    item_points,
    latest_answers,
    marking_keys,
    record_answer,
    shown_question,
    start_next_attempt,
    start_practice_attempt,
    start_run_attempt,
)

COOKIE = "quiz_attempts"
COOKIE_SALT = "quizzes.attempts"
COOKIE_MAX_AGE = 7 * 24 * 3600
COOKIE_TOKENS = 8
WRONG_CODES_PER_MINUTE = 10


# ---------------------------------------------------------------- device cookie
def device_tokens(request) -> list[str]:
    """Attempt tokens this device holds (a signed, HttpOnly cookie)."""
    value = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    return [t for t in value.split(",") if t]


def remember(response, request, token):
    tokens = [token] + [t for t in device_tokens(request) if t != token]
    response.set_signed_cookie(
        COOKIE, ",".join(tokens[:COOKIE_TOKENS]), salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE, httponly=True,
        samesite="Lax", secure=request.is_secure(),
    )
    return response


def attempt_for(request, token) -> Attempt:
    """The attempt behind ``token``, if this device started it; a guessed or
    foreign token is a 404 (nothing tells it exists)."""
    if token not in device_tokens(request):
        raise Http404
    try:
        # get(), not first(): a token is unique, and first() would sort by the run.
        attempt = Attempt.objects.select_related("run").get(token=token)
    except Attempt.DoesNotExist:
        raise Http404 from None
    attempt.quiz = cached_quiz(attempt.quiz_id)
    if attempt.run is not None and attempt.run.quiz_id == attempt.quiz_id:
        attempt.run.quiz = attempt.quiz  # the leaderboard's settings: not read again
    return attempt


def answering_attempt(request, token) -> Attempt:
    """attempt_for() for the pages a class opens together (the paper, its
    answers, the overview, handing in), which need neither the quiz nor the
    run beyond whether it is closed: one lean query."""
    if token not in device_tokens(request):
        raise Http404
    attempt = Attempt.objects.for_answering(token)
    if attempt is None:
        raise Http404
    return attempt


# ---------------------------------------------------------------- wrong-code limit
# Who is counted. Not the client address: behind the documented nginx every
# request comes from 127.0.0.1, and a school's whole network shares one
# address, so a count per address let ten typos anywhere lock out every
# student of the subdistrict; and the site stores no address. Instead each
# browser gets a random device id with the join page (a signed cookie, tied
# to nothing else), and wrong codes are counted per device id, in the cache.
#
# What is refused. The code is looked up first: a device whose own wrong
# codes are within its budget is always answered, so a right code is never
# refused because of other people's typos. A device over its budget is
# refused before the lookup, right code or not, until its window ends: a
# refusal that came only after the lookup (for wrong codes) would tell a
# guesser exactly what an answer tells it, and slow nothing.
#
# What it bounds. A script that keeps its cookies tests WRONG_CODES_PER_DEVICE
# codes per window: 1,440 a day against 10^6 codes, where a few hundred runs
# are open at most. One that sends no device id shares a single bucket with
# every other such request (a browser always has the id: it comes with the
# form, as the CSRF cookie does), so it is bounded the same. One that loads
# the join page afresh for a new id every few guesses is not slowed by this:
# without an address, only a cost per id does. quizzes/join_guard.py adds it
# when the whole site's wrong codes pass what typos make: a device that has
# not joined pays a proof of work (or a wait) per code. A device that joined
# carries a "joined" mark in its signed device cookie: it is never asked, and
# copying that cookie to many clients shares one device id, so one budget.
DEVICE_COOKIE = "quiz_device"
DEVICE_SALT = "quizzes.device"
DEVICE_MAX_AGE = 12 * 3600
WRONG_CODES_PER_DEVICE = 10
WRONG_CODE_WINDOW_S = 600
NO_DEVICE = "none"


JOINED = ".joined"


def _device_value(request) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)


def device_id(request) -> str:
    """This browser's device id, or NO_DEVICE for a request without one."""
    return _device_value(request).removesuffix(JOINED) or NO_DEVICE


def has_joined(request) -> bool:
    """Whether this device joined a class run (in the cookie's life, 12 hours)."""
    return _device_value(request).endswith(JOINED)


def _set_device(request, response, value):
    response.set_signed_cookie(DEVICE_COOKIE, value, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE, httponly=True,
                               samesite="Lax", secure=request.is_secure())


def give_device_id(request, response):
    if device_id(request) == NO_DEVICE and DEVICE_COOKIE not in response.cookies:
        _set_device(request, response, secrets.token_urlsafe(16))
    return response


def mark_joined(request, response):
    """The device joined a run: its id stays, and it never meets the join guard."""
    if not has_joined(request):
        device = device_id(request)
        _set_device(request, response, (secrets.token_urlsafe(16) if device == NO_DEVICE else device) + JOINED)
    return response


def _wrong_code_key(request) -> str:
    window = int(time.time() // WRONG_CODE_WINDOW_S)
    return f"quiz:wrong-codes:{device_id(request)}:{window}"


def too_many_wrong_codes(request) -> bool:
    return (cache.get(_wrong_code_key(request)) or 0) >= WRONG_CODES_PER_DEVICE


def count_wrong_code(request) -> None:
    join_guard.count_wrong_code()
    key = _wrong_code_key(request)
    if not cache.add(key, 1, WRONG_CODE_WINDOW_S + 60):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WRONG_CODE_WINDOW_S + 60)


# ---------------------------------------------------------------- join
def practice_quizzes() -> list:
    """The public practice quizzes, as the join page lists them: kept per
    worker process until a quiz changes (quizzes/apps.py), since a whole
    class opens the join page in the same minute."""
    memo = process_memo("quiz-practice-list")
    if "quizzes" not in memo:
        memo["quizzes"] = list(Quiz.objects.filter(is_practice=True).order_by("title").only("pk", "title", "title_en"))
    return memo["quizzes"]


# A closed run's code is still recognised for this long, to tell a late
# student that their quiz has closed rather than that the code is wrong.
CLOSED_CODE_DAYS = 7


def run_for_code(code: str, now):
    """(the open run with ``code``, None) or (None, the run it belonged to
    if that closed in the last CLOSED_CODE_DAYS) or (None, None)."""
    # With its class: the seat check reads the class size, and a school's
    # 2,000 joins in the same seconds should each cost one query, not two.
    run = QuizRun.objects.select_related("class_group").filter(join_code=code, closed=False).first()  # unique among open runs
    if run is not None and not run.is_over(now):
        return run, None
    if run is not None:
        return None, run  # past its closing time, not yet swept (quizzes/tasks.py)
    closed = (QuizRun.objects.filter(join_code=code, closes_at__gte=now - timedelta(days=CLOSED_CODE_DAYS))
              .order_by("-closes_at").first())
    return None, closed


def device_attempt(request, run):
    """This device's latest attempt in ``run``, if it has one."""
    tokens = device_tokens(request)
    return Attempt.objects.filter(run=run, token__in=tokens).order_by("-number").first() if tokens else None


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    return give_device_id(request, _join(request))


def _page(request, context, status=200, keep=None, resend=False):
    """The join page; with a challenge when the site is under pressure and this
    device has not joined (quizzes/join_guard.py). ``resend``: the student
    pressed Join already, so the page's script sends the form once solved."""
    bits = join_guard.required_bits()
    if bits is not None and not has_joined(request):
        challenge = keep or join_guard.new_challenge(bits)
        context["guard"] = {"challenge": challenge, "wait": challenge.wait_left, "resend": resend}
    return render(request, "quizzes/join.html", context, status=status)


def _join(request):
    context = {"practice_quizzes": practice_quizzes()}
    if request.method == "GET":
        code = normalise_join_code(request.GET.get("code", ""))
        context["form"] = JoinForm(initial={"code": code} if code.isdigit() else None)
        return _page(request, context)

    if too_many_wrong_codes(request):
        # This device's own wrong codes, never anyone else's (see above).
        context["form"] = JoinForm(request.POST)
        context["error"] = _("Too many wrong codes from this device. Check the code on the board, "
                             "and try again in a few minutes.")
        return _page(request, context, 429)
    form = JoinForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return _page(request, context, 400)
    bits = join_guard.required_bits()
    if bits is not None and not has_joined(request):
        # Many wrong codes site-wide: the code is looked up only with a solved
        # challenge (quizzes/join_guard.py), spent here, right code or wrong.
        outcome = join_guard.check(request.POST.get("challenge", ""), request.POST.get("pow_nonce", ""), bits)
        if not outcome.passed:
            context["error"] = outcome.message
            return _page(request, context, 429, keep=outcome.keep, resend=True)
    code, name = form.cleaned_data["code"], form.cleaned_data["name"]
    now = timezone.now()
    run, closed = run_for_code(code, now)
    if run is None:
        mine = device_attempt(request, closed) if closed is not None else None
        if mine is not None:  # a student of that run, come back for the result
            return HttpResponseRedirect(reverse("quizzes:result", args=(mine.token,)))
        # A closed run's code counts as a wrong one: it lets no one in.
        count_wrong_code(request)
        if closed is not None:
            context["error"] = _("This quiz closed at %(time)s. If you still need to take it, ask your teacher.") % {
                "time": formats.date_format(timezone.localtime(min(closed.closes_at, now)), "DATETIME_FORMAT")}
            return _page(request, context, 410)
        context["error"] = _("No open quiz has this code. Check the code on the board.")
        return _page(request, context, 404)
    run.quiz = cached_quiz(run.quiz_id)
    # Before the run's start too: the student then waits for it (waiting_page).

    # The same device rejoining goes back to its attempt, whatever name it types.
    mine = device_attempt(request, run)
    if mine is not None:
        return mark_joined(request, remember(HttpResponseRedirect(attempt_url(mine)), request, mine.token))

    problem = check_display_name(name, run.naming, seats=run.class_group.enrolled)
    if problem:
        form.add_error("name", problem)
        return _page(request, context, 400)
    name = normalise_display_name(name, run.naming)
    # "same_name" is the button under the clash message below: the student
    # says the number is theirs, and joins on a seat of their own.
    attempt, created = start_run_attempt(run, name, same_name_again=request.POST.get("same_name") == name)
    if not created:
        context["clash"] = {"name": attempt.display_name, "code": code,
                            "numbered": run.naming == StudentNaming.NUMBERED}
        return _page(request, context, 409)
    return mark_joined(request, remember(HttpResponseRedirect(attempt_url(attempt)), request, attempt.token))


@never_cache
@require_http_methods(["GET", "POST"])
def practice(request, quiz_id):
    quiz = get_object_or_404(Quiz, pk=quiz_id, is_practice=True)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"] or _("Guest")
        if check_display_name(name, "nickname"):
            form.add_error("name", check_display_name(name, "nickname"))
        else:
            attempt = start_practice_attempt(quiz, name)
            if attempt is not None:
                return remember(HttpResponseRedirect(attempt_url(attempt)), request, attempt.token)
            return render(request, "quizzes/practice.html", {"quiz": quiz, "form": form, "error": _(
                "This practice has no questions yet. Try again another day.")}, status=409)
    return render(request, "quizzes/practice.html", {"quiz": quiz, "form": form})


# ---------------------------------------------------------------- answering
def attempt_url(attempt, position=1):
    return reverse("quizzes:question", args=(attempt.token, position))


def question_urls(attempt) -> list[str]:
    """The URL of each question of the attempt, in order: ".../q/" reversed
    once, not once per question (a paper has 20)."""
    base = attempt_url(attempt, 1).removesuffix("1/")
    return [f"{base}{position}/" for position in range(1, len(attempt.question_ids) + 1)]


def review_items(attempt) -> list[dict]:
    """What the review shows of each question of a finished attempt, in the
    active language: from the per-worker bank (shown_question, marking_keys)
    and one read of the attempt's answers."""
    answers = answers_of(attempt)
    keys = marking_keys(attempt.question_ids)
    points = item_points(attempt, answers, keys)
    items = []
    for qid in attempt.question_ids:
        key, shown = keys.get(qid), shown_question(qid)
        if key is None or shown is None:
            continue  # deleted from the bank since
        choice_ids, text = answers.get(qid, ((), ""))
        chosen = set(choice_ids)
        items.append({
            "kind": key.kind, "points": points[qid], "stem": shown.stem, "text": text, "accepted": key.accepted,
            "explanation": shown.explanation, "source": shown.source,
            "choices": [{"text": shown.choice_text[cid], "correct": cid in key.correct, "chosen": cid in chosen}
                        for cid in attempt.choice_order.get(str(qid), []) if cid in shown.choice_text],
        })
    return items


def answered_ids(latest: dict) -> set[int]:
    return {qid for qid, (_seq, choice_ids, text) in latest.items() if choice_ids or text}


def hand_in(attempt, latest: dict, urls: list[str]) -> dict:
    """The grid of questions, answered or not, how many are not and the first
    of them: for templates/quizzes/_hand_in.html."""
    answered = answered_ids(latest)
    items = [{"position": i, "answered": qid in answered, "url": url}
             for i, (qid, url) in enumerate(zip(attempt.question_ids, urls, strict=True), start=1)]
    left = [item for item in items if not item["answered"]]
    return {"grid": paper.render_grid(items), "unanswered": len(left),
            "first_unanswered_url": left[0]["url"] if left else ""}


def minutes_left(attempt, now=None) -> int:
    seconds = (attempt.deadline - (now or timezone.now())).total_seconds()
    return max(0, math.ceil(seconds / 60))


def _deadline_passed(attempt):
    if not attempt.is_finished and not attempt.accepts_answers():
        finish_attempt(attempt)
        return True
    return attempt.is_finished


def _not_taken(request, attempt, wants_json):
    """The answer came after the paper was handed in, the time was up or the
    teacher closed the run: nothing was stored, and the student is told so."""
    handed_in = attempt.is_finished and attempt.finished_at < attempt.deadline and not attempt.run_is_closed()
    message = (_("This answer was not saved: your paper had already been handed in. Your result counts the "
                 "answers saved before that.") if handed_in else
               _("This answer was not saved: the quiz no longer takes answers. The answers you saved before the "
                 "end were kept."))
    if wants_json:
        return JsonResponse({"saved": False, "error": "closed", "message": message}, status=409)
    return render(request, "quizzes/closed.html", {"attempt": attempt, "handed_in": handed_in, "message": message},
                  status=409)


@never_cache
@require_http_methods(["GET", "POST"])
def question(request, token, position):
    attempt = answering_attempt(request, token)
    ids = attempt.question_ids
    if not 1 <= position <= len(ids):
        raise Http404
    qid = ids[position - 1]
    status = 200
    error = ""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        if attempt.is_finished or not attempt.accepts_answers():
            _deadline_passed(attempt)
            return _not_taken(request, attempt, wants_json)
        try:
            if request.POST.get("question") != str(position):
                raise AnswerRejected("question", 404)  # a form of another question, or none
            key = paper.choice_key(attempt.token)
            choice_ids = paper.choice_ids_from_values(key, attempt.choice_order.get(str(qid), []),
                                                      request.POST.getlist("choice"))
            if choice_ids is None:
                raise AnswerRejected("choice")
            record_answer(attempt, qid, choice_ids, request.POST.get("text", ""), request.POST.get("seq"))
        except AnswerRejected as rejected:
            if rejected.message in ("finished", "overdue"):
                # Handed in (or time up) while this answer was on its way: not stored.
                attempt = finish_attempt(attempt.pk)
                return _not_taken(request, attempt, wants_json)
            if rejected.message == "waiting":
                # Only a hand-made post can get here: the waiting page has no form.
                if wants_json:
                    return JsonResponse({"saved": False, "error": "waiting", "message": _(
                        "The quiz has not started yet: this answer was not saved.")}, status=409)
                return HttpResponseRedirect(attempt_url(attempt))
            bad = rejected.status == 404 or rejected.message in ("choice", "malformed")
            if wants_json:
                return JsonResponse({"saved": False, "error": rejected.message}, status=400 if bad else 409)
            if bad:
                return render(request, "quizzes/bad_answer.html", {"attempt": attempt}, status=400)
            status = 409
            error = _("This answer was changed on another screen. Here is the latest one; answer again if needed.")
        else:
            if wants_json:
                # The script (static/js/quiz.js) moves on by itself.
                return JsonResponse({"saved": True})
            target = request.POST.get("go")
            if target == "finish":
                return HttpResponseRedirect(reverse("quizzes:overview", args=(token,)))
            if target == "previous" and position > 1:
                return HttpResponseRedirect(attempt_url(attempt, position - 1))
            if position < len(ids):
                return HttpResponseRedirect(attempt_url(attempt, position + 1))
            return HttpResponseRedirect(reverse("quizzes:overview", args=(token,)))
    elif _deadline_passed(attempt):
        return HttpResponseRedirect(reverse("quizzes:result", args=(token,)))

    if attempt.is_waiting():
        return waiting_page(request, attempt, position)
    if position == 1 and error == "":
        ready = ready_paper(request, attempt)
        if ready is not None:
            return ready
    response = render_paper(request, attempt, position, error)
    if error:
        response.status_code = status
    return response


def render_paper(request, attempt, position, error="", latest=None, now=None) -> HttpResponse:
    """The paper with the question at ``position`` shown: the student's
    answers so far (``latest``, read when not given) and the minutes left at
    ``now``."""
    token, ids = attempt.token, attempt.question_ids
    qid = ids[position - 1]
    latest = latest_answers(attempt) if latest is None else latest
    overview_url = reverse("quizzes:overview", args=(token,))
    urls = question_urls(attempt)
    key = paper.choice_key(attempt.token)
    items = []
    for index, item_qid in enumerate(ids, start=1):
        shown = shown_question(item_qid)
        if shown is None:  # deleted from the bank since the draw
            if item_qid == qid:
                raise Http404
            continue
        seq, chosen, text = latest.get(item_qid, (0, [], ""))
        items.append({
            "position": index, "qid": item_qid, "question": shown, "kind": shown.kind, "seq": seq + 1,
            "text": text, "url": urls[index - 1],
            "choices": [{"value": paper.choice_value(key, cid), "text": shown.choice_text[cid], "checked": cid in chosen}
                        for cid in attempt.choice_order.get(str(item_qid), []) if cid in shown.choice_text],
            "next_url": urls[index] if index < len(ids) else overview_url,
            "previous_url": urls[max(1, index - 1) - 1],
        })
    attempt.quiz = cached_quiz(attempt.quiz_id)  # the title, the page's heading
    context = {
        "attempt": attempt, "position": position, "total": len(ids), "minutes_left": minutes_left(attempt, now),
        "overview_url": overview_url, "paper": paper.render_items(request, items, position, len(ids), overview_url, error),
        **hand_in(attempt, latest, urls),
    }
    if error:
        return render(request, "quizzes/question.html", context)
    return HttpResponse(paper_page(request, attempt, context))


# ---------------------------------------------------------------- waiting for the start
# A run takes students from the moment the teacher opens it, start time or
# not. When a whole school is told "go", 2,000 phones joining and asking for
# their papers in the same seconds kept the 2 cores busy for tens of seconds
# (issue 15, "The start crowd"; README, Performance). Joining early moves the
# join, the draw and the paper's render into the minutes before the start,
# while the class waits: the waiting page makes the student's paper then and
# keeps it in the shared cache, and its script reloads it when the run
# starts, when the paper is handed over as it was made (no render). Nothing
# of the paper reaches the phone before the start: a student who joined
# early reads no question sooner than one who joined on time.

# How long a paper made for the start is kept after it: a phone that comes
# back later gets it made afresh.
READY_KEEP_S = 600


def ready_key(request, token) -> str:
    # The generation: a change to the bank or a quiz while the class waits
    # makes the paper anew, as for any paper (quizzes/apps.py).
    return f"quiz:ready:{token}:{translation.get_language()}:{caching.current_generation(request)}"


def seconds_to_start(attempt, now=None) -> int:
    return max(0, math.ceil((attempt.started_at - (now or timezone.now())).total_seconds()))


def waiting_page(request, attempt, position):
    """The page a student who joined early sees until the start: when it is
    and what to do (nothing: keep the page open), counted down by the
    script, which reloads it at the start."""
    starts_in = seconds_to_start(attempt)
    key = ready_key(request, attempt.token)
    if position == 1 and not cache.has_key(key):
        html = render_paper(request, attempt, 1, latest={}, now=attempt.started_at).content
        # Compressed: a school's 2,000 papers of about 35 KB wait in the cache at once.
        cache.set(key, zlib.compress(html, 1), starts_in + READY_KEEP_S)
    attempt.quiz = cached_quiz(attempt.quiz_id)
    return render(request, "quizzes/waiting.html", {
        "attempt": attempt, "starts_in": starts_in,
        "minutes": round((attempt.deadline - attempt.started_at).total_seconds() / 60),
        "countdown": f"{starts_in // 60}:{starts_in % 60:02d}",
    })


def ready_paper(request, attempt) -> HttpResponse | None:
    """The paper made for this student while they waited, handed over once:
    after it, answers are stored and the paper is written with them."""
    key = ready_key(request, attempt.token)
    ready = cache.get(key)
    if ready is None:
        return None
    cache.delete(key)
    caching.never_cache(request)  # as the layout's {% never_cache %} does when rendered
    return HttpResponse(zlib.decompress(ready))


# The page around a paper, written once per worker and shared by every student
# of a quiz: when a school says "go", 2,000 phones ask for their papers in the
# same seconds, and the template engine spent a third of each paper's CPU on
# the same layout, heading, timer and hand-in form for all of them
# (issue 15, "The start crowd"; README, Performance). What differs between
# students goes in by plain replacement: the attempt's token (its URLs), the
# CSRF token, the deadline, and the paper and grid, which stay per attempt
# (their own draw and choice order, keyed values: quizzes/paper.py), so
# nothing of one student's paper ever reaches another's. The marks are
# random per process, so no question text can contain one by chance.
_MARK = secrets.token_hex(12)
TOKEN_MARK, CSRF_MARK, PAPER_MARK, GRID_MARK, TIME_MARK = (
    f"{name}{_MARK}" for name in ("token", "csrf", "paper", "grid", "time"))
PAPER_SHELLS = 500


def _deadline_html(attempt) -> str:
    """The timer's <time> element, exactly as _timer.html writes it."""
    deadline = timezone.localtime(attempt.deadline)
    return f'<time datetime="{dateformat.format(deadline, "c")}">{dateformat.time_format(deadline, "H:i")}</time>'


def paper_page(request, attempt, context) -> str:
    """templates/quizzes/question.html for ``context``, its layout made once
    per (quiz, language, question shown, minutes left, answers left) and kept
    with the generation (a change to a quiz, the bank or the site's chrome
    writes it anew)."""
    caching.never_cache(request)  # as the layout's {% never_cache %} does when rendered
    token = attempt.token
    key = (attempt.quiz_id, translation.get_language(), context["position"], context["total"],
           context["minutes_left"], context["unanswered"], context["first_unanswered_url"].replace(token, ""))
    shells = process_memo("quiz-paper-shells", request, max_entries=PAPER_SHELLS)
    shell = shells.get(key)
    if shell is None:
        html = render_to_string("quizzes/question.html", {
            **context, "paper": mark_safe(PAPER_MARK), "grid": mark_safe(GRID_MARK),  # noqa: S308 - marks only
            "csrf_token": CSRF_MARK}, request)
        shell = html.replace(token, TOKEN_MARK).replace(_deadline_html(attempt), TIME_MARK, 1)
        if TIME_MARK in shell:  # else the timer is written otherwise than here: used for this student only
            shells[key] = shell
    return (shell.replace(TOKEN_MARK, token).replace(CSRF_MARK, get_token(request))
            .replace(TIME_MARK, _deadline_html(attempt), 1)
            .replace(PAPER_MARK, context["paper"], 1).replace(GRID_MARK, context["grid"], 1))


@never_cache
def overview(request, token):
    attempt = answering_attempt(request, token)
    if attempt.is_waiting():
        return HttpResponseRedirect(attempt_url(attempt))
    attempt.quiz = cached_quiz(attempt.quiz_id)
    if _deadline_passed(attempt):
        return HttpResponseRedirect(reverse("quizzes:result", args=(token,)))
    context = {"attempt": attempt, "minutes_left": minutes_left(attempt),
               **hand_in(attempt, latest_answers(attempt), question_urls(attempt))}
    # Sent back here by finish(): questions are left, hand in anyway?
    context["confirming"] = request.GET.get("confirm") == "1" and context["unanswered"] > 0
    return render(request, "quizzes/overview.html", context)


@never_cache
@require_POST
def finish(request, token):
    """Hand in. With questions left unanswered the student is asked first
    (the overview's confirmation) unless the form says they were: the
    paper's script asks in place, and a form rendered with every question
    answered says so too (no query here for the usual case)."""
    attempt = answering_attempt(request, token)
    if attempt.is_waiting():
        return HttpResponseRedirect(attempt_url(attempt))  # nothing to hand in before the start
    if request.POST.get("confirm") != "1" and attempt.accepts_answers():
        if set(attempt.question_ids) - answered_ids(latest_answers(attempt)):
            return HttpResponseRedirect(reverse("quizzes:overview", args=(token,)) + "?confirm=1")
    finish_attempt(attempt)
    return HttpResponseRedirect(reverse("quizzes:result", args=(token,)))


@never_cache
def result(request, token):
    attempt = attempt_for(request, token)
    if not attempt.is_finished:
        if attempt.accepts_answers():  # answering, or waiting for the start
            return HttpResponseRedirect(reverse("quizzes:overview", args=(token,)))
        attempt = finish_attempt(attempt)
    review = paper.render_review(review_items(attempt)) if attempt.review_allowed() else ""
    return render(request, "quizzes/result.html", {
        "attempt": attempt, "quiz": attempt.quiz, "review": review, "passed": attempt.passed(),
        "excellent": attempt.score is not None and attempt.score >= attempt.quiz.excellent_mark,
        "certificate": certificates.issue(attempt),
        "attempts_left": attempts_left(attempt),
        "leaderboard": leaderboard(attempt.run, me=attempt) if attempt.run_id else None,
    })


@never_cache
@require_POST
def again(request, token):
    """Start the next attempt, when the quiz allows more than one and the run is open."""
    attempt = attempt_for(request, token)
    following = start_next_attempt(attempt)
    if following is None:
        return render(request, "quizzes/closed.html", {"attempt": attempt, "no_more_attempts": True}, status=409)
    return remember(HttpResponseRedirect(attempt_url(following)), request, following.token)


@never_cache
def certificate_pdf(request, token):
    """The student's own certificate, from the device that took the quiz."""
    attempt = attempt_for(request, token)
    certificate = certificates.issue(attempt)
    if certificate is None:
        raise Http404
    certificate.attempt = attempt
    content = certificates.render([certificate], request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.serial}.pdf"'
    return response


@never_cache
def certificate_verify(request, serial):
    """Anyone holding a printed certificate can check its serial here; the
    page says only whether it was issued, for which school, when, and that
    the student passed."""
    certificate = (Certificate.objects.select_related("attempt__run__class_group__school", "attempt__quiz")
                   .filter(serial=serial.strip().upper()).first())
    if certificate is None:
        return render(request, "quizzes/certificate_verify.html", {"serial": serial[:40]}, status=404)
    attempt = certificate.attempt
    return render(request, "quizzes/certificate_verify.html", {
        "serial": certificate.serial, "certificate": certificate, "school": attempt.run.class_group.school,
        "date": timezone.localtime(attempt.finished_at or certificate.issued_at).date(),
    })
