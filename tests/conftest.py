import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# live_server tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of one test never leak into another or into media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
