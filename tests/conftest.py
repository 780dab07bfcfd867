import os
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

# Speed is measured by `make bench`; a busy 2-core machine must not fail a
# property test on Hypothesis's per-example deadline.
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# live_server tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="class", autouse=True)
def _class_media_root(request, tmp_path_factory):
    """One media folder per test class: a class builds its data (and uploads
    its images) once, and every test of the class must find those files."""
    if request.cls is None:
        yield None
        return
    media_root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media_root):
        yield media_root


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path, _class_media_root):
    """Uploaded files of one test (or class) never leak into another or into media/."""
    settings.MEDIA_ROOT = _class_media_root or tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import caches

    from core.caching import forget_process_memos

    for alias in ("default", "pages"):
        caches[alias].clear()
    # A rolled-back test takes the generation back to a number the
    # per-process memos (routes, translations) were filled under.
    forget_process_memos()
    yield


@pytest.fixture
def wsgi_app(settings):
    """The site as gunicorn runs it: Django with the page cache in front."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from core.page_cache import PageCacheMiddleware

    settings.PAGE_CACHE_ENABLED = True
    _wait_out_local_midnight()
    # As Django's test client does: a request must not close the connection
    # that holds the test's transaction (it would on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCacheMiddleware(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _wait_out_local_midnight(margin_s=30):
    """Every cached page ends at local midnight (campaigns/banners.py), so a
    test that expects its second request to hit the cache fails if midnight
    falls between the two. Tests that need midnight move the clock there
    themselves; the others wait until the real one has passed."""
    from django.utils import timezone

    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = (midnight - now).total_seconds()
    if left < margin_s:
        time.sleep(left + 1)
