"""Whole-response cache for anonymous visitors, in front of Django.

A WSGI wrapper (config/wsgi.py) instead of Django's cache middleware: a hit
costs one cache read and no URL resolving, middleware or database work, which
is what lets a subdistrict's small server take a 6·26 rush. What it may keep
and for how long is decided in core/caching.py (read its docstring first):

- only GET/HEAD requests without a session cookie are served from or stored
  in the cache, and only 200 responses that set no cookie and are not marked
  private, no-cache or no-store;
- the language is chosen by the URL alone, so host, path and the registered
  query parameters are the whole key; other parameters are removed before
  Django sees the request, so no page can depend on them;
- an entry carries the generation it was rendered under and its expiry (the
  response's s-maxage, which a page that changes at a moment shortens), and
  is served only while both hold.
"""

import hashlib
import sys
import time

from django.conf import settings
from django.core.cache import caches

from core.caching import (  # noqa: F401 - bump_generation, current_generation: the public API
    GENERATION_KEY,
    bump_generation,
    current_generation,
    expiry_from_headers,
    load_state,
    normalise_query,
)

# Wagtail's /_util/ views (login for restricted pages) read ?next=; the admin,
# documents and files are never cached here.
_SKIP_PREFIXES = ("/admin/", "/django-admin/", "/_util/", "/documents/", "/static/", "/media/")
MAX_QUERY_LENGTH = 512
_CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/xml", "text/plain", "image/svg+xml",
                    "text/calendar")
MAX_BODY_BYTES = 2_000_000


def _cache():
    return caches["pages"]


def _key(environ) -> str:
    raw = "|".join(
        (
            environ.get("HTTP_HOST", ""),
            environ.get("wsgi.url_scheme", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
    )
    return "p:" + hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _eligible(environ) -> bool:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if environ.get("PATH_INFO", "").startswith(_SKIP_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in environ.get("HTTP_COOKIE", "")


def _fresh_headers(headers, expires_at: float, now: float) -> list:
    """The stored headers with s-maxage counted down, so a shared cache in
    front never keeps a copy past the entry's own end."""
    remaining = str(max(0, int(expires_at - now)))
    fresh = []
    for name, value in headers:
        lower = name.lower()
        if lower == "cache-control" and "s-maxage=" in value:
            head, _, tail = value.partition("s-maxage=")
            value = head + "s-maxage=" + remaining + tail.lstrip("0123456789")
        elif lower == "x-accel-expires":
            value = remaining
        fresh.append((name, value))
    return fresh


class PageCacheMiddleware:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not settings.PAGE_CACHE_ENABLED or not _eligible(environ):
            return self.app(environ, start_response)
        environ["QUERY_STRING"] = normalise_query(environ.get("QUERY_STRING", ""))
        if len(environ["QUERY_STRING"]) > MAX_QUERY_LENGTH:
            return self.app(environ, start_response)
        cache = _cache()
        key = _key(environ)
        try:
            found = cache.get_many([key, GENERATION_KEY])
            generation = (found.get(GENERATION_KEY) or load_state())[0]
        except Exception:  # noqa: BLE001 - a broken cache must not break the site
            return self.app(environ, start_response)
        entry = found.get(key)
        now = time.time()
        if entry is not None and entry[0] == generation and now < entry[1]:
            _, expires_at, status, headers, body = entry
            start_response(status, _fresh_headers(headers, expires_at, now) + [("X-Page-Cache", "hit")])
            return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        return self._miss(environ, start_response, cache, key, generation)

    def _miss(self, environ, start_response, cache, key, generation):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return start_response(status, headers + [("X-Page-Cache", "miss")], exc_info)

        result = self.app(environ, capture)
        if environ["REQUEST_METHOD"] == "HEAD":
            # Django leaves the body on HEAD responses; the server would drop it.
            if hasattr(result, "close"):
                result.close()
            return [b""]
        headers = {name.lower(): value for name, value in captured.get("headers", [])}
        if not self._storable(captured.get("status", ""), headers):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        now = time.time()
        expires_at = expiry_from_headers(headers, settings.PAGE_CACHE_SECONDS, now)
        if len(body) < MAX_BODY_BYTES and expires_at - now >= 1:
            try:
                cache.set(
                    key,
                    (generation, expires_at, captured["status"], captured["headers"], body),
                    timeout=int(expires_at - now),
                )
            except Exception:  # noqa: BLE001
                print("page cache: could not store", key, file=sys.stderr)  # noqa: T201
        return [body]

    @staticmethod
    def _storable(status: str, headers: dict) -> bool:
        if not status.startswith("200") or "set-cookie" in headers:
            return False
        cache_control = headers.get("cache-control", "")
        if "private" in cache_control or "no-cache" in cache_control or "no-store" in cache_control:
            return False
        return headers.get("content-type", "").startswith(_CACHEABLE_TYPES)
