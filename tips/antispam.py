"""Anti-spam that identifies nobody: proof of work, a captcha without
JavaScript, and a honeypot. Limits are keyed on the challenge, never on an
address (no address is known here: tips/privacy.py).

The proof of work (hashcash), documented so that any client can solve it:
the form carries a single-use ``challenge`` (hex) and the difficulty
``bits`` (settings.TIPS_POW_BITS). The client finds a decimal ``nonce`` such
that ``sha256(challenge + ":" + nonce)`` starts with ``bits`` zero bits, and
sends it in the ``pow_nonce`` field. static/js/pow.js does it in the
page; about 2^bits hashes on average (core/pow.py, shared with the quiz join form).

A challenge belongs to the form it was made for (``submit`` or ``status``)
and counts only if it is at least as hard as that form asks at the moment
it is sent: a cheap challenge of the tip form does not open the status page,
and one fetched before wrong receipts raised the difficulty no longer
passes after. It is spent by the first submission that passes, before any
attachment is decoded, so a solved challenge cannot be replayed, not even
with a file that is refused.

Without JavaScript the nonce stays empty, and the form shows a captcha image
drawn locally with Pillow (no third-party service) from the same challenge:
five digits to type. A script reads such digits, so the captcha alone is no
cost; what bounds this path is that a challenge passes by captcha only
TIPS_NOSCRIPT_WAIT_SECONDS after it was made (a person takes longer than
that to fill in the form; the page says so), and only TIPS_NOSCRIPT_PER_HOUR
forms a clock hour pass by captcha, counted over everyone (no address is
known to count per sender). Past that, the page asks to turn on JavaScript,
try later, or call 110. A challenge allows TIPS_CAPTCHA_ATTEMPTS wrong
answers and expires after TIPS_CHALLENGE_SECONDS.
"""

import hashlib
import hmac
import io
import random
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

from core.pow import pow_ok, solve  # noqa: F401 - solve: for tests and other clients

from .models import Challenge

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def pow_bits() -> int:
    return int(getattr(settings, "TIPS_POW_BITS", 16))


def challenge_seconds() -> int:
    return int(getattr(settings, "TIPS_CHALLENGE_SECONDS", 2 * 3600))


def captcha_attempts() -> int:
    return int(getattr(settings, "TIPS_CAPTCHA_ATTEMPTS", 5))


def noscript_wait_seconds() -> int:
    return int(getattr(settings, "TIPS_NOSCRIPT_WAIT_SECONDS", 20))


def noscript_per_hour() -> int:
    return int(getattr(settings, "TIPS_NOSCRIPT_PER_HOUR", 10))


def count_in_window(name: str, window_seconds: int, add: int = 1) -> int:
    """How many times ``name`` was counted in the current window (clock-aligned),
    this one included (``add=0`` only reads). Kept in the shared cache."""
    key = f"tips:{name}:{int(time.time()) // window_seconds}"
    if not add:
        return cache.get(key) or 0
    cache.add(key, 0, timeout=window_seconds * 2)
    try:
        # None while the cache is unreachable (settings IGNORE_EXCEPTIONS):
        # count this one alone, so an outage lets tips through, never a 500.
        return cache.incr(key, add) or add
    except ValueError:  # evicted between add and incr
        cache.set(key, add, timeout=window_seconds * 2)
        return add


def _answer_hash(token: str, answer: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{token}:{answer}".encode(), hashlib.sha256).hexdigest()


def _captcha_answer(token: str) -> str:
    # Derived from the token under the server's secret: the image can be drawn
    # again from the token alone, and the answer is never stored.
    digest = hmac.new(settings.SECRET_KEY.encode(), f"captcha:{token}".encode(), hashlib.sha256).digest()
    return "".join(str(b % 10) for b in digest[:5])


def new_challenge(form: str, extra_bits: int = 0) -> Challenge:
    # Old challenges are forgotten as new ones are made: no schedule needed.
    Challenge.objects.filter(created_at__lt=timezone.now() - timedelta(seconds=challenge_seconds())).delete()
    token = secrets.token_hex(16)
    return Challenge.objects.create(
        token=token,
        form=form,
        bits=pow_bits() + extra_bits,
        captcha_hash=_answer_hash(token, _captcha_answer(token)),
    )


@dataclass
class Outcome:
    """What ``check`` found: the challenge when it passes, else the message;
    ``keep`` when the same challenge (and the typed captcha) should be shown
    again, because only time is missing."""

    challenge: Challenge | None
    message: str = ""
    keep: Challenge | None = None


def check(token: str, nonce: str, captcha: str, form: str, bits: int) -> Outcome:
    """Whether the proof of work (at least ``bits``) or the captcha holds for
    a challenge made for ``form``. Does not spend the challenge: ``spend`` does."""
    expired = _("The form has expired or was already sent. Please send it again.")
    challenge = Challenge.objects.filter(token=token or "", used=False, form=form).first()
    if challenge is None:
        return Outcome(None, expired)
    if challenge.created_at < timezone.now() - timedelta(seconds=challenge_seconds()):
        return Outcome(None, expired)
    if challenge.bits >= bits and pow_ok(challenge.token, nonce, challenge.bits):
        return Outcome(challenge)
    if nonce:
        # Solved for a lower difficulty than this form now asks (or not solved).
        return Outcome(None, expired)
    answer = "".join(c for c in (captcha or "") if c.isdigit())
    if answer and challenge.attempts < captcha_attempts():
        if not hmac.compare_digest(_answer_hash(challenge.token, answer), challenge.captcha_hash):
            Challenge.objects.filter(pk=challenge.pk).update(attempts=F("attempts") + 1)
            return Outcome(None, _("The characters in the picture were not typed correctly."))
        return _noscript_pass(challenge)
    if challenge.attempts >= captcha_attempts():
        return Outcome(None, expired)
    return Outcome(None, _("Please type the characters in the picture (or turn on JavaScript)."))


def _noscript_pass(challenge: Challenge) -> Outcome:
    early = noscript_wait_seconds() - (timezone.now() - challenge.created_at).total_seconds()
    if early > 0:
        seconds = int(early) + 1
        return Outcome(None, ngettext(
            "Without JavaScript this form can be sent %(seconds)d second from now. Please send it again then.",
            "Without JavaScript this form can be sent %(seconds)d seconds from now. Please send it again then.",
            seconds,
        ) % {"seconds": seconds}, keep=challenge)
    if count_in_window("noscript", 3600, add=0) >= noscript_per_hour() or (
        count_in_window("noscript", 3600) > noscript_per_hour()
    ):
        return Outcome(None, _(
            "Too many forms were sent without JavaScript this hour. Please turn on JavaScript, "
            "try again in an hour, or call 110."
        ))
    return Outcome(challenge)


def spend(challenge: Challenge) -> bool:
    """Delete the challenge; False if another request spent it first.

    Deleted rather than marked used: a spent challenge's creation time would
    tell, to the microsecond, when someone opened the form of a tip that was
    sent, or the status page of one."""
    deleted, _by_model = Challenge.objects.filter(pk=challenge.pk).delete()
    return deleted == 1


def captcha_png(token: str) -> bytes | None:
    challenge = Challenge.objects.filter(token=token, used=False).first()
    if challenge is None:
        return None
    answer = _captcha_answer(token)
    rng = random.Random(secrets.randbits(64))  # noqa: S311 - noise only, not a secret
    image = Image.new("RGB", (220, 80), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(FONT, 44)
    except OSError:
        font = ImageFont.load_default(size=44)
    for _line in range(8):
        draw.line(
            [(rng.randint(0, 220), rng.randint(0, 80)), (rng.randint(0, 220), rng.randint(0, 80))],
            fill=(rng.randint(120, 200),) * 3,
            width=2,
        )
    for index, char in enumerate(answer):
        draw.text((14 + index * 40, 12 + rng.randint(-6, 6)), char, font=font, fill=(20, 30, 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
