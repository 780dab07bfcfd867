"""The join form under pressure: what stops a guesser that rotates cookies.

The per-device limit (quizzes/views.py) bounds a script that keeps its
cookie; one that fetches a fresh cookie every few guesses is not slowed by
it, and no address is known to count it by (docs/architecture.md: the site
stores none, and behind nginx every request comes from 127.0.0.1).

So the site also counts every wrong code, everyone's together, over a
sliding ten-minute window. Typos alone stay far below QUIZ_WRONG_CODES_CALM:
a whole school's start crowd (2,000 joins) with 5 % of students mistyping
twice makes 200 wrong codes (tests/quizzes/test_join_guard.py measures it).
Past that, the site is under pressure, and a device that has not joined a
run today (quizzes/views.py: the device cookie's "joined" mark) gets its
code checked only with a solved challenge:

- with JavaScript, a proof of work (core/pow.py, the tips forms' scheme and
  script, static/js/pow.js), solved while the student types;
  QUIZ_POW_BITS, one more bit each time the count doubles again (at most
  MAX_EXTRA_BITS more);
- without, a wait: the challenge passes QUIZ_NOSCRIPT_WAIT_SECONDS after the
  page showed it, and at most QUIZ_NOSCRIPT_PER_WINDOW times a window over
  everyone (waits run in parallel; a count does not).

A challenge checks one code: it is spent before the lookup, right code or
wrong. Devices that joined are never asked, nor is anyone while the site is
calm. What a guesser gets: QUIZ_WRONG_CODES_CALM free codes per ten minutes
shared with every real typo, then 2^bits hashes per code (16 bits: 65,536;
walking the 10^6 codes costs some 10^11 hashes at the lowest difficulty;
without a script, QUIZ_NOSCRIPT_PER_WINDOW codes per ten minutes), while each student pays once, in under a
second on a phone.

Challenges are signed, not stored: a random part, the difficulty and the
second it was made, under SECRET_KEY; spent ones are remembered in the cache
until they would expire anyway. Nothing here knows or keeps who asked.
"""

import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.pow import pow_ok

WINDOW_S = 600
MAX_EXTRA_BITS = 4
CHALLENGE_SECONDS = 1800
SALT = "quizzes.join-challenge"


def calm_limit() -> int:
    return int(getattr(settings, "QUIZ_WRONG_CODES_CALM", 300))


def base_bits() -> int:
    return int(getattr(settings, "QUIZ_POW_BITS", 16))


def noscript_wait_seconds() -> int:
    return int(getattr(settings, "QUIZ_NOSCRIPT_WAIT_SECONDS", 30))


def noscript_per_window() -> int:
    return int(getattr(settings, "QUIZ_NOSCRIPT_PER_WINDOW", 60))


def _count(name: str, window: int) -> int:
    return cache.get(f"quiz:{name}:{window}") or 0


def _add(name: str) -> int:
    key = f"quiz:{name}:{int(time.time() // WINDOW_S)}"
    if cache.add(key, 1, WINDOW_S * 2 + 60):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW_S * 2 + 60)
        return 1


def count_wrong_code() -> None:
    _add("site-wrong-codes")


def site_wrong_codes() -> float:
    """Wrong codes of the last ten minutes, everyone's: this window's count and
    the share of the previous one still inside the last ten minutes, so that
    a new window does not hand a guesser a fresh allowance at once."""
    now = time.time()
    window = int(now // WINDOW_S)
    elapsed = (now % WINDOW_S) / WINDOW_S
    return _count("site-wrong-codes", window) + _count("site-wrong-codes", window - 1) * (1 - elapsed)


def required_bits() -> int | None:
    """The proof of work a device without standing must bring now; None when calm."""
    count, calm = site_wrong_codes(), calm_limit()
    if count <= calm:
        return None
    return base_bits() + min(MAX_EXTRA_BITS, int(math.log2(count / calm)))


@dataclass
class Challenge:
    token: str
    bits: int
    made: int

    @property
    def wait_left(self) -> int:
        return max(0, math.ceil(self.made + noscript_wait_seconds() - time.time()))


def new_challenge(bits: int) -> Challenge:
    made = int(time.time())
    return Challenge(signing.Signer(salt=SALT).sign(f"{secrets.token_hex(12)}.{bits}.{made}"), bits, made)


def read_challenge(token: str) -> Challenge | None:
    try:
        _random, bits, made = signing.Signer(salt=SALT).unsign(token or "").split(".")
        challenge = Challenge(token, int(bits), int(made))
    except (signing.BadSignature, ValueError):
        return None
    if time.time() - challenge.made > CHALLENGE_SECONDS:
        return None
    return challenge


def _spend(challenge: Challenge) -> bool:
    """False when another request spent it first."""
    return cache.add(f"quiz:challenge-spent:{challenge.token.split('.')[0]}", 1, CHALLENGE_SECONDS + 60)


@dataclass
class Outcome:
    """``passed``, or the message to show and the challenge to show with it:
    the same one when only time is missing (the wait counts from its making),
    else None for a new one."""

    passed: bool
    message: str = ""
    keep: Challenge | None = None


def check(token: str, nonce: str, bits: int) -> Outcome:
    """Whether the form's challenge lets its code be looked up now; spends it if so."""
    challenge = read_challenge(token)
    busy = _("Many wrong codes have been typed on this site in the last few minutes, so a device that has not "
             "joined a quiz yet is checked before its code. This takes a few seconds.")
    if challenge is None:
        return Outcome(False, busy)
    if nonce:
        if challenge.bits >= bits and pow_ok(challenge.token, nonce, challenge.bits) and _spend(challenge):
            return Outcome(True)
        return Outcome(False, busy)  # solved for an easier moment, spent, or not solved
    if challenge.wait_left:
        return Outcome(False, busy + " " + ngettext(
            "Without JavaScript, press Join again in %(seconds)d second.",
            "Without JavaScript, press Join again in %(seconds)d seconds.", challenge.wait_left,
        ) % {"seconds": challenge.wait_left}, keep=challenge)
    if _count("noscript-joins", int(time.time() // WINDOW_S)) >= noscript_per_window():
        return Outcome(False, _("Too many devices without JavaScript are joining right now. Turn on JavaScript, "
                                "or try again in ten minutes."))
    if not _spend(challenge):
        return Outcome(False, busy)
    _add("noscript-joins")
    return Outcome(True)
