"""How often an officer may try to unlock a key (a unit's, tips/console.py,
or the reward officers', tips/reward_console.py).

Each try costs an Argon2id derivation, and a stolen admin session could
otherwise try passphrases without end. Only the logged-in officer can try,
so the count is per officer account, and a stranger cannot use it to lock
an officer out. As with login limits (core/login_limits.py), nothing is
ever locked for good: after FREE_TRIES wrong tries since the last unlock
(within a day), each further try waits 1, 2, 4… minutes after the last
wrong one, at most an hour, so a day allows some thirty guesses.

The count is read from the audit log (tips.models.AuditEntry), which records
every wrong try and every unlock anyway and cannot be edited or emptied: no
cache to evict, no table of its own.
"""

import math
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AuditEntry

FREE_TRIES = 5
FIRST_WAIT_SECONDS = 60
LONGEST_WAIT_SECONDS = 3600
MEMORY = timedelta(days=1)


def wait_seconds(user, failed_action: str, success_action: str) -> int:
    """Seconds this officer must wait before the next try; 0 when they may try now."""
    now = timezone.now()
    recent = (
        AuditEntry.objects.filter(
            actor=user.get_username(), action__in=[failed_action, success_action], created_at__gte=now - MEMORY
        )
        .order_by("-pk")
        .values_list("action", "created_at")[:100]
    )
    failures, last_failure = 0, None
    for action, created_at in recent:
        if action == success_action:
            break
        failures += 1
        last_failure = last_failure or created_at
    if failures < FREE_TRIES:
        return 0
    wait = min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_TRIES))
    return max(0, math.ceil((last_failure + timedelta(seconds=wait) - now).total_seconds()))


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many wrong tries. You can try again in %(minutes)d minute.",
        "Too many wrong tries. You can try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def open_with_second_factor(form, user, open_key, failed_action: str, success_action: str, audit_failure):
    """The key that ``open_key(passphrase)`` opens, or None after adding one
    message to the form. The passphrase and the authenticator code are both
    checked before answering, and a wrong try says only that one of them is
    wrong: which one would tell a guesser that the other was right."""
    from nacl.exceptions import CryptoError

    from . import otp

    wait = wait_seconds(user, failed_action, success_action)
    if wait:
        form.add_error(None, wait_message(wait))
        return None
    try:
        key = open_key(form.cleaned_data["passphrase"])
    except CryptoError:
        key = None
    code_ok = not otp.required() or otp.verify(otp.confirmed_device(user), form.cleaned_data.get("otp_token"))
    if key is not None and code_ok:
        return key
    form.add_error(None, _("The passphrase or the code is wrong. Wait for the next code before trying again."))
    wrong = [name for name, ok in (("passphrase", key is not None), ("second factor", code_ok)) if not ok]
    audit_failure(" and ".join(wrong))
    return None
