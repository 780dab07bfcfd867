"""The calendar's rendered month, year list and feed, kept in the "default"
cache beside core's fragments, and like them in each worker's memory for the
generation (core.caching.generation_keyed_get).

The calendar is not a Wagtail page, so ``{% pagefragment %}`` cannot key it;
this is the same rule for a view: an entry is keyed on the language, the
site's cache generation (every publish, and every save or delete of an event,
key date or report, bumps it: campaigns is registered with public_models),
the host and what the view shows, and it ends at the moment the view declares
(local midnight for "today", New Year for the feed's "this year and next").
Logged-in editors and previews neither read nor write it, as with fragments.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.utils import translation

from core import caching


def cached_text(request, name: str, parts: tuple, until: datetime, render: Callable[[], str | bytes]):
    """What ``render()`` returns, from the cache when this exact view was
    rendered under the current generation and ``until`` has not passed."""
    caching.changes_at(request, until)
    if not caching.shared_cache_allowed(request):
        return render()
    raw = "|".join(
        (name, translation.get_language() or "", str(caching.current_generation(request)), request.scheme,
         request.get_host(), *map(str, parts))
    )
    key = "campaigns:" + hashlib.sha1(raw.encode()).hexdigest()
    now = time.time()
    try:
        entry = caching.generation_keyed_get(key, request)
    except Exception:  # noqa: BLE001 - a broken cache must not break the calendar
        entry = None
    if entry is not None and now < entry[0]:
        return entry[1]
    text = render()
    expires_at = now + caching.seconds_until(until, settings.FRAGMENT_CACHE_SECONDS)
    if expires_at - now >= 1:
        try:
            caching.generation_keyed_set(key, (expires_at, text), int(expires_at - now), request)
        except Exception:  # noqa: BLE001
            pass
    return text
