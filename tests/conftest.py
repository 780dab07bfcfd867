import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

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


# ---------------------------------------------------------------- the demo site
# `load_initial_data` takes seconds (pages in three languages, pictures,
# leaflets), and four test files read the site it builds. It is built once per
# run, in a transaction left open while the tests that ask for `demo` run one
# after another (pytest_collection_modifyitems below puts them together), and
# rolled back as soon as the next test does not ask for it, so no other test
# ever sees it. Each demo test runs in a savepoint inside it (pytest-django's
# `db`), so what one test edits is rolled back before the next: the nesting
# tests/utils.py's shared_test_data already relies on for a class.


class _DemoSite:
    """The demo site's open transaction; opened again if a later test needs it."""

    def __init__(self, django_db_blocker, media_root):
        self.blocker = django_db_blocker
        # The demo's pictures and leaflets stay in one folder for as long as
        # its rows do; each test's own uploads still go to its own folder.
        self.media_root = media_root
        self._held = None

    def open(self):
        if self._held is not None:
            return
        from django.core.management import call_command

        from tests.utils import shared_test_data

        held = ExitStack()
        held.enter_context(shared_test_data(self.blocker))
        try:
            with override_settings(PAGE_CACHE_ENABLED=False, MEDIA_ROOT=self.media_root):
                call_command("load_initial_data", verbosity=0)
        except BaseException:
            held.close()
            raise
        self._held = held

    def close(self):
        """Roll the demo back."""
        if self._held is not None:
            held, self._held = self._held, None
            held.close()


_demo_site = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database as pytest-django makes it, with its serialized copy
    reachable from every connection object of the run.

    Django keeps that copy (for serialized_rollback) on the connection object
    it migrated with. While Playwright's sync API runs its event loop in this
    thread, asgiref hands Django's ORM another connection object for the same
    database, one without the copy, and a serialized test that starts then
    skips restoring the database: it finds no root page, no groups and no
    content types. Setting the copy on the backend's class makes every
    connection of this one database carry it."""
    from django.db import connections

    backends = []
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            backend = type(connections[alias])
            backend._test_serialized_contents = contents
            backends.append(backend)
    yield
    for backend in backends:
        del backend._test_serialized_contents


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker, tmp_path_factory):
    global _demo_site
    _demo_site = _DemoSite(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    yield _demo_site
    _demo_site.close()  # before django_db_setup drops the test database
    _demo_site = None


@pytest.fixture(scope="class")
def shared_demo(_demo_session):
    """The demo site, open before any test's own transaction (a class scope is
    set up before the function-scoped `db`). A demo test must not also ask for
    a module-scoped shared_test_data fixture: that transaction would open
    outside the demo's and close inside it."""
    _demo_session.open()
    return _demo_session


@pytest.fixture
def demo(settings, db, shared_demo):
    """The demo site as `make run` loads it, page cache off; roll back what you change."""
    settings.PAGE_CACHE_ENABLED = False
    settings.MEDIA_ROOT = shared_demo.media_root


def _uses_demo(item) -> bool:
    return "shared_demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # the test's own fixtures (its savepoint included) are gone after this
    finally:
        if _demo_site is not None and _uses_demo(item) and (nextitem is None or not _uses_demo(nextitem)):
            _demo_site.close()


def _transactional_without_serialized_rollback(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = "live_server" in fixtures or "transactional_db" in fixtures
    serialized = "django_db_serialized_rollback" in fixtures
    if marker is not None:
        transactional = transactional or marker.kwargs.get("transaction", False)
        serialized = serialized or marker.kwargs.get("serialized_rollback", False)
    return transactional and not serialized


def pytest_collection_modifyitems(items):
    """The demo tests one after another, where the first of them was, so the
    demo is built once. pytest-django has already sorted the database tests
    before the transactional ones (its hook runs first); every demo test is a
    plain database test, so they stay in that group.

    Every transactional test must also ask for serialized_rollback. Django's
    flush after one that does not runs post_migrate, which makes the content
    types again under new ids; the next test that restores the serialized
    database then meets (wagtailcore, page) twice and cannot start. Which
    test broke depended on the order, so a run of tests/browser alone failed
    where the whole suite passed."""
    careless = [item.nodeid for item in items if _transactional_without_serialized_rollback(item)]
    if careless:
        raise pytest.UsageError(
            "these transactional tests need serialized_rollback=True (tests/conftest.py):\n  "
            + "\n  ".join(careless)
        )
    demo_items = [item for item in items if _uses_demo(item)]
    if not demo_items:
        return
    first = items.index(demo_items[0])
    rest = [item for item in items if not _uses_demo(item)]
    items[:] = rest[:first] + demo_items + rest[first:]


# ------------------------------------------- a migrated site for subprocesses
# The tests that start a real django-q cluster give it a SQLite site of its own
# (dev settings). Migrating one takes about as long as the test itself, so it
# is migrated once per run and each test gets a copy of the file.


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """``migrated_sqlite(path)`` puts a copy of a freshly migrated SQLite site
    (config.settings.dev, as `make run` migrates it) at ``path``."""
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path_factory.mktemp("migrated")
    template = folder / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SQLITE_PATH": str(template),
        "DJANGO_VAR_DIR": str(folder / "var"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    subprocess.run([sys.executable, str(root / "manage.py"), "migrate", "-v0"], env=env, check=True, cwd=root,
                   timeout=600)
    # Everything into the main file (the site runs in WAL mode), so one file is the whole site.
    db = sqlite3.connect(template)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    def copy_to(path):
        shutil.copyfile(template, path)
        return path

    return copy_to
