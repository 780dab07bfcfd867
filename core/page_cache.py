"""Whole-response cache for anonymous visitors, in front of Django.

A WSGI wrapper (config/wsgi.py) instead of Django's cache middleware: a hit
costs two cache reads and no URL resolving, middleware or database work, which
is what lets a subdistrict's small server take a 6·26 rush.

Correctness rests on three rules:
- only anonymous GET/HEAD requests without a session cookie are served from or
  stored in the cache, and only 200 responses that set no cookie and are not
  marked private;
- the language is chosen by the URL alone (settings.LANGUAGE_CODE for no
  prefix), so the path and query string are the whole key;
- every publish, unpublish, move, delete and settings or snippet change bumps a
  generation number (core/signals.py); entries of an older generation are
  ignored, so the change is visible on the next request in every worker.
"""

import hashlib
import sys

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "generation"
_SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
_CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/xml", "text/plain")


def _cache():
    return caches["pages"]


def bump_generation() -> None:
    """Make every cached page stale (called on publish and other changes)."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def current_generation(request=None) -> int:
    """The generation number, read once per request when one is given."""
    if request is not None and hasattr(request, "_page_generation"):
        return request._page_generation
    generation = _cache().get(GENERATION_KEY, 0)
    if request is not None:
        request._page_generation = generation
    return generation


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
    path = environ.get("PATH_INFO", "")
    if path.startswith(_SKIP_PREFIXES):
        return False
    cookies = environ.get("HTTP_COOKIE", "")
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return len(environ.get("QUERY_STRING", "")) <= 512


class PageCacheMiddleware:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not settings.PAGE_CACHE_ENABLED or not _eligible(environ):
            return self.app(environ, start_response)
        cache = _cache()
        key = _key(environ)
        try:
            found = cache.get_many([key, GENERATION_KEY])
        except Exception:  # noqa: BLE001 - a broken cache must not break the site
            return self.app(environ, start_response)
        generation = found.get(GENERATION_KEY, 0)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, body = entry
            start_response(status, headers + [("X-Page-Cache", "hit")])
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
        if not self._storable(environ, captured):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) < 2_000_000:
            try:
                cache.set(
                    key,
                    (generation, captured["status"], captured["headers"], body),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            except Exception:  # noqa: BLE001
                print("page cache: could not store", key, file=sys.stderr)  # noqa: T201
        return [body]

    @staticmethod
    def _storable(environ, captured) -> bool:
        if environ["REQUEST_METHOD"] != "GET" or not captured.get("status", "").startswith("200"):
            return False
        headers = {name.lower(): value for name, value in captured["headers"]}
        if "set-cookie" in headers:
            return False
        cache_control = headers.get("cache-control", "")
        if "private" in cache_control or "no-cache" in cache_control or "no-store" in cache_control:
            return False
        return headers.get("content-type", "").startswith(_CACHEABLE_TYPES)
