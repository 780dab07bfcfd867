"""How the site caches, and what invalidates what.

Layers, outermost first:

1. Shared caches in front (nginx ``proxy_cache``, a CDN): they see
   ``Cache-Control: public, max-age=0, s-maxage=N`` and ``X-Accel-Expires: N`` on
   anonymous pages, and are purged page by page, once a publish, unpublish,
   move or delete commits, through
   ``wagtail.contrib.frontend_cache`` (site/DEPLOY.md). Browsers keep nothing.
   These pages carry no ``Vary: Cookie`` or ``Vary: Accept-Language``
   (``drop_vary``), so a purge by URL reaches every visitor's copy.
2. The page cache (core/page_cache.py, a WSGI wrapper): whole anonymous
   responses, keyed on host, path and the registered query parameters.
3. Fragments (``{% pagefragment %}``, core/templatetags/core_tags.py) and the
   page chrome (core/chrome.py): parts of a render, in the "default" cache.
   A page's fragments share one entry, read once and written at most once
   per response (a file cache write costs more than most fragments).
4. Per worker process (``process_memo``): what a request would otherwise
   ask the database (a page's live translations, breadcrumbs). Emptied
   when the generation moves on. Pages are never kept: the Site, its home
   page (core.visibility.site_home) and the page a URL routes to (Wagtail's
   own Page.route) are read on every request, so editors and previews see
   the rows as they are.

What a page may be cached for, declared in one place per page:

- as a whole until the next publish: the default, nothing to do;
- until a moment: ``changes_at(request, when)`` from a page's ``changes_at()``
  method, a view, a template tag (``{% cache_until when %}``) or a banner.
  The page cache entry, the shared caches' s-maxage and every fragment
  rendered in that request end at that moment, even with the task worker down;
- never: ``cacheable = False`` on a page class, ``never_cache(request)``,
  ``{% never_cache %}`` in a template, or Django's ``@never_cache`` on a view.
  A response that uses a CSRF token, sets a cookie, or answers a logged-in
  user or a preview is never cached, whatever it declared.

What invalidates what:

| change | effect |
| --- | --- |
| a page published, unpublished, moved or deleted | generation + 1: every page-cache entry, fragment, chrome and restricted-path list is stale; once committed, nginx or a CDN is told to purge that page's URLs and the pages listing it (``purge_after_commit``) |
| a save or delete of site settings, sites, locales, images, documents, view restrictions, redirects, or any model of core or of an app registered with ``public_models`` (core/plugins.py) | generation + 1 |
| a declared moment passes | what was rendered before it ends at it |
| time | page-cache entries after PAGE_CACHE_SECONDS, fragments and chrome after FRAGMENT_CACHE_SECONDS |

The generation number lives in the database (core.models.CacheGeneration), so
no cache backend can expire or evict it; the "pages" cache keeps a copy for
MIRROR_SECONDS, with the restricted page paths, that every bump replaces once
it is committed (no visitor's request pays a query for it). Nothing else is ever deleted: stale
entries are ignored, and the caches are bounded (MAX_ENTRIES, Redis's
maxmemory) so they cull them.

Previews, drafts and logged-in requests neither read nor write any shared
cache: the page cache only serves requests without a session cookie, and
fragments and the chrome check the request (``shared_cache_allowed``).

Whatever ends a cached page does so after the change commits: the generation
row is part of the change's own transaction, its copy in the "pages" cache is
replaced on commit, and purges in front are sent on commit. Sent before, a
visitor's request in between would read the old page and put it back in front
for s-maxage (core/signals.py: publish, workflow approval,
unpublish, delete, move and the scheduled publisher).

A cache that fails is a cache that misses: with Redis down or hung every call
is answered as a miss after a short timeout (settings REDIS_SOCKET_TIMEOUT,
IGNORE_EXCEPTIONS), the state is read from the database on each request, and
pages render as after a publish (tests/core/test_cache_outage.py).
"""

import math
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from core import plugins

GENERATION_KEY = "state:generation"
# How long the "pages" cache may hold its copy of the generation. Every bump
# replaces it; the expiry only matters for a per-process cache (local memory
# with several workers), where another worker's copy lives this long.
MIRROR_SECONDS = 60


# ---------------------------------------------------------------- generation
def _state_cache():
    return caches["pages"]


def _read_generation() -> int:
    from core.models import CacheGeneration

    try:
        return CacheGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    except DatabaseError:  # before the first migrate
        return 0


def _read_state() -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """The generation and, with it, the tree paths of pages with a view
    restriction and of alias pages: a restriction's save and an alias's
    creation bump the generation, so they change together. Every public
    listing needs the restricted paths (core/visibility.py), and with both a
    page knows it has no restriction without asking (BasePage.get_view_restrictions)."""
    from wagtail.models import Page, PageViewRestriction

    generation = _read_generation()
    try:
        restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        aliases = tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    except DatabaseError:
        restricted, aliases = (), ()
    return generation, restricted, aliases


def load_state() -> tuple:
    """The state from the database, copied into the cache."""
    state = _read_state()
    cache = _state_cache()
    if cache.add(GENERATION_KEY, state, MIRROR_SECONDS) and _read_generation() != state[0]:
        # A bump committed between our read and our write: drop our old copy.
        cache.delete(GENERATION_KEY)
    return state


# The request being answered in this thread (CachePolicyMiddleware), so code
# that is not handed the request (a page's view restrictions, a listing's
# public()) still shares its one read of the state.
_current_request: ContextVar = ContextVar("core_caching_request", default=None)


def current_state(request=None) -> tuple:
    """(generation, restricted paths, alias paths), read once per request:
    the one given, else the one being answered in this thread, if any."""
    if request is None:
        request = _current_request.get()
    if request is not None and hasattr(request, "_cache_state"):
        return request._cache_state
    state = _state_cache().get(GENERATION_KEY)
    if state is None:
        state = load_state()
    if request is not None:
        request._cache_state = state
    return state


def current_generation(request=None) -> int:
    return current_state(request)[0]


_memos: dict = {}


def process_memo(name: str, request=None, max_entries: int = 20_000) -> dict:
    """A dict private to this worker process, emptied whenever the generation
    moves on (any publish, move or public change) or it grows past
    ``max_entries``: for answers that are costly to look up and change only
    with a publish (which page a URL routes to, a home page's translation).
    Requests in a sync worker run one after another, so what it holds is not
    shared between two requests at once."""
    generation = current_generation(request)
    memo = _memos.get(name)
    if memo is None or memo[0] != generation or len(memo[1]) > max_entries:
        memo = _memos[name] = (generation, {})
    return memo[1]


def forget_process_memos() -> None:
    """Empty every process_memo: for tests, whose rolled-back transactions
    take the generation back to a number this process has seen before."""
    _memos.clear()


def _forget_generation_copy() -> None:
    _state_cache().delete(GENERATION_KEY)


def _publish_generation_copy() -> None:
    """Once the bump is committed: copy the new state into the cache, and
    build the features' snapshots, so the next visitor needs no query for
    them. Two bumps' copies can land out of order; reading the row again
    catches that and drops the copy."""
    state = _read_state()
    cache = _state_cache()
    cache.set(GENERATION_KEY, state, MIRROR_SECONDS)
    if _read_generation() != state[0]:
        cache.delete(GENERATION_KEY)
        return
    for name, build in plugins.snapshot_builders().items():
        try:
            cache.set(SNAPSHOT_KEY + name, (state[0], build()), settings.FRAGMENT_CACHE_SECONDS)
        except DatabaseError:  # a migration that has not created the feature's tables yet
            continue


# ---------------------------------------------------------------- snapshots
SNAPSHOT_KEY = "state:snapshot:"


def snapshot(name: str, request=None):
    """The feature snapshot ``name`` (Feature.snapshots) as of this request's
    generation. Normally built by the process that committed the last change
    (above), so a visitor only reads it from the cache, once per process and
    generation. Stamped with the generation read before it was built, so it
    is never older than its stamp; a missing or older one is built here.
    Requests that may not use the shared caches (previews, staff) build it
    themselves."""
    build = plugins.snapshot_builders()[name]
    if not site_wide_cache_allowed(request):
        return build()
    generation = current_generation(request)
    memo = process_memo("snapshots", request)
    if name not in memo:
        cache = _state_cache()
        stored = cache.get(SNAPSHOT_KEY + name)
        if stored is not None and stored[0] == generation:
            memo[name] = stored[1]
        else:
            memo[name] = build()
            cache.set(SNAPSHOT_KEY + name, (generation, memo[name]), settings.FRAGMENT_CACHE_SECONDS)
    return memo[name]


def bump_generation() -> None:
    """Make every cached page, fragment and chrome stale."""
    from core.models import CacheGeneration

    if not CacheGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        # A new row starts from the clock, not from 1: a database restored from
        # a backup (or emptied) must not hand out numbers that processes and
        # caches have already seen with other content.
        CacheGeneration.objects.update_or_create(pk=1, defaults={"value": int(time.time() * 1000)})
    # Other workers must not see the new number before the change is
    # committed (they would label old content with it): drop the copy now,
    # and put the new number there once the transaction commits.
    _forget_generation_copy()
    request = _current_request.get()
    if request is not None:
        request.__dict__.pop("_cache_state", None)  # this request reads the new state
    # Once per transaction: a demo build bumps hundreds of times in one, and
    # the copy reads the state when it runs, so one copy has the last bump.
    # A callback registered in a savepoint that is rolled back is dropped
    # with it, and so were the bumps after it inside that savepoint.
    connection = transaction.get_connection()
    if not any(callback is _publish_generation_copy for _sids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_publish_generation_copy)


# ---------------------------------------------------------------- declaring
def changes_at(request, when: datetime) -> None:
    """What this request renders changes at ``when``: cache it no longer."""
    if request is None or when is None:
        return
    current = getattr(request, "_cache_until", None)
    if current is None or when < current:
        request._cache_until = when


def never_cache(request) -> None:
    """This response is per visitor (a form, a personal message): never cache it."""
    if request is not None:
        request._cache_never = True


def cache_until(request):
    return getattr(request, "_cache_until", None)


def shared_cache_allowed(request) -> bool:
    """May this request read and write the shared caches (fragments, chrome)?"""
    if getattr(request, "_cache_never", False):
        return False
    return site_wide_cache_allowed(request)


def site_wide_cache_allowed(request) -> bool:
    """May this request read and write what is the same on every page and for
    every visitor (the chrome, site-wide fragments, snapshots)? Also on a page
    that is never cached as a whole (a quiz question, the tip form): those
    parts hold nothing of the visitor. Not for previews or staff."""
    if request is None or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def uses_csrf_token(request) -> bool:
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


@contextmanager
def collecting(request):
    """Record what the enclosed render declares, and pass it on to the request.

    A fragment needs its own record (to store its expiry beside its HTML and
    declare it again on a hit), but what it declares holds for the whole
    response too.
    """
    outer_until = getattr(request, "_cache_until", None)
    outer_never = getattr(request, "_cache_never", False)
    outer_csrf = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    request._cache_until = None
    request._cache_never = False
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    record = {}
    try:
        yield record
    finally:
        record["until"] = request._cache_until
        record["never"] = request._cache_never or uses_csrf_token(request)
        request._cache_until = outer_until
        changes_at(request, record["until"])
        request._cache_never = outer_never or record["never"]
        if outer_csrf or request.META["CSRF_COOKIE_NEEDS_UPDATE"]:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        else:
            del request.META["CSRF_COOKIE_NEEDS_UPDATE"]


def seconds_until(when: datetime | None, default: int) -> int:
    """Whole seconds from now to ``when``, at most ``default``; rounded down,
    so an entry never outlives the moment."""
    if when is None:
        return default
    return max(0, min(default, math.floor((when - timezone.now()).total_seconds())))


# ---------------------------------------------------------------- fragments
def _fragment_cache():
    return caches["default"]


# Entries whose key holds the generation (fragments, the chrome) never change
# under that key, so each worker keeps what it read or wrote in its own memory
# for the generation: a hit costs no file read, decompression or unpickling.
# Bounded by count; at about 30 KB an entry, 600 stay under 20 MB a worker.
LOCAL_ENTRIES = 600


def generation_keyed_get(key: str, request=None):
    """``caches["default"].get(key)``, through this process's copy (above)."""
    local = process_memo("generation-keyed", request, max_entries=LOCAL_ENTRIES)
    value = local.get(key)
    if value is None:
        value = _fragment_cache().get(key)
        if value is not None:
            local[key] = value
    return value


def generation_keyed_set(key: str, value, timeout: int, request=None) -> None:
    _fragment_cache().set(key, value, timeout)
    process_memo("generation-keyed", request, max_entries=LOCAL_ENTRIES)[key] = value


def cached_fragment(request, key: str, name: str, now: float):
    """The entry ``(html, expires_at, declared)`` for fragment ``name`` of the
    page entry ``key``, or None. A page's fragments are one cache entry:
    read on the first fragment of a response, written after it
    (store_fragments)."""
    bundles = request.__dict__.setdefault("_fragment_bundles", {})
    bundle = bundles.get(key)
    if bundle is None:
        bundle = bundles[key] = {"stored": generation_keyed_get(key, request) or {}, "new": {}}
    entry = bundle["new"].get(name) or bundle["stored"].get(name)
    return entry if entry is not None and now < entry[1] else None


def keep_fragment(request, key: str, name: str, entry: tuple) -> None:
    request._fragment_bundles[key]["new"][name] = entry


def store_fragments(request) -> None:
    """Write the page entries this response added fragments to, once each
    (CachePolicyMiddleware calls it when the response is rendered)."""
    bundles = request.__dict__.pop("_fragment_bundles", None)
    if not bundles:
        return
    now = time.time()
    for key, bundle in bundles.items():
        if not bundle["new"]:
            continue
        entries = {
            name: entry for name, entry in {**bundle["stored"], **bundle["new"]}.items() if entry[1] - now >= 1
        }
        if entries:
            generation_keyed_set(key, entries, int(max(entry[1] for entry in entries.values()) - now), request)


# ---------------------------------------------------------------- query strings
def normalise_query(query_string: str) -> str:
    """Only the parameters pages read (core/plugins.py), in a fixed order.

    ``?utm_source=x&page=2`` and ``?page=2`` are one cache entry; a crawler's
    random parameters neither miss the cache nor reach a page.
    """
    if not query_string:
        return ""
    allowed = plugins.query_params()
    pairs = [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k in allowed]
    return urlencode(sorted(pairs)) if pairs else ""


# ---------------------------------------------------------------- responses
class CachePolicyMiddleware:
    """Turn what the request declared into Cache-Control headers.

    The page cache (core/page_cache.py) and nginx or a CDN read these headers;
    this middleware sits above CsrfViewMiddleware so it sees the CSRF cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        store_fragments(request)
        if request.path_info.startswith(("/admin/", "/django-admin/")):
            return response
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return response
        if (
            getattr(request, "_cache_never", False)
            or uses_csrf_token(request)
            or response.cookies
            or not shared_cache_allowed(request)
        ):
            patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or cache_control:
            return response
        seconds = seconds_until(cache_until(request), settings.PAGE_CACHE_SECONDS)
        if seconds <= 0:
            patch_cache_control(response, no_cache=True, max_age=0)
            return response
        # Browsers always ask again (they cannot be purged); shared caches keep
        # the page until the next publish purges it, or the declared moment.
        response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
        drop_vary(response, "Cookie", "Accept-Language")
        response["X-Accel-Expires"] = str(seconds)
        return response


def drop_vary(response, *names) -> None:
    """Take ``names`` out of the response's Vary header.

    Reached only for a response every anonymous visitor gets alike: no session
    cookie came in, no CSRF token was used, no cookie is set, no user, no
    preview. Django still says it varies: SessionMiddleware adds ``Cookie``
    once anything reads ``request.user`` (the session is then "accessed"),
    and LocaleMiddleware adds ``Accept-Language`` to every URL without a
    language prefix, though with ``prefix_default_language=False`` it never
    reads that header (the language comes from the URL: config/urls.py).
    A shared cache keeps one copy per Cookie header value, and a purge by URL
    (site/DEPLOY.md) reaches only one of them, so a browser sending its own
    cookies would keep getting the old page. Visitors with a session or CSRF
    cookie are kept away from the shared copy by the cache's bypass rule
    (site/DEPLOY.md) and by the page cache (core/page_cache.py); responses to
    them are private (above) and keep their Vary.
    """
    if not response.has_header("Vary"):
        return
    dropped = {name.lower() for name in names}
    kept = [value for value in cc_delim_re.split(response["Vary"]) if value and value.lower() not in dropped]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def expiry_from_headers(headers: dict, default: int, now: float | None = None) -> float:
    """Absolute expiry (epoch seconds) for a response, from its s-maxage or
    max-age, at most ``default`` seconds away."""
    now = time.time() if now is None else now
    directives = {}
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        directives[name.lower()] = value
    value = directives.get("s-maxage", directives.get("max-age", ""))
    seconds = min(default, int(value)) if value.isdigit() else default
    return now + seconds


# ---------------------------------------------------------------- nginx or a CDN in front
class _PendingPurge:
    """The URLs a transaction asks nginx or a CDN to forget, sent once it
    commits: one per transaction, so deleting a section sends each URL once."""

    def __init__(self):
        self.urls: set[str] = set()

    def __call__(self):
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(sorted(self.urls))


def front_cache_configured() -> bool:
    """Is a frontend cache set up (settings FRONTEND_CACHE_PURGE_URL)? If not,
    no URL is worked out and nothing is sent."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_urls(pages) -> set[str]:
    """Every URL nginx or a CDN may hold for these pages (Page.get_cached_paths),
    worked out now: a deleted or moved page has no such URL after the commit."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages)
    return batch.urls


def purge_after_commit(urls) -> None:
    """Purge ``urls`` from nginx or a CDN in front once the transaction commits
    (at once outside a transaction). Wagtail's own receivers purge inside the
    publish's transaction, so core/apps.py leaves them out. A purge that
    fails is logged (robust): the change is committed, the editor gets no 500."""
    if not urls or not front_cache_configured():
        return
    connection = transaction.get_connection()
    for _sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingPurge):
            callback.urls.update(urls)
            return
    pending = _PendingPurge()
    pending.urls.update(urls)
    transaction.on_commit(pending, robust=True)
