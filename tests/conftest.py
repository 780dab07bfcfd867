import os

import pytest
from django.test import override_settings

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

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
