"""Builders for page trees in tests (instead of a factory library; docs/architecture.md)."""

import copy
import inspect
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, Locale, Page, Site

from core.models import HomePage, SiteSettings


def get_locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def make_site() -> HomePage:
    """Root → zh-hans HomePage as the default site; Wagtail's welcome page removed."""
    # A transactional test before this one may have flushed the migrated root
    # page and root collection (PostgreSQL runs transactional tests last).
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=get_locale("zh-hans"))
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    for child in root.get_children():
        if not isinstance(child.specific, HomePage):
            child.delete()
    home = HomePage(title="首页", slug="home", locale=get_locale("zh-hans"))
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    SiteSettings.objects.get_or_create(site=site, defaults={"hotline": "110"})
    get_locale("en")
    get_locale("zh-hant")
    return home


def add_page(parent, model, title, publish=True, **fields):
    fields.setdefault("slug", slugify(title) or f"p{Page.objects.count() + 1}")
    # A new Page is live unless told otherwise; a draft must not be served.
    fields.setdefault("live", publish)
    page = model(title=title, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def translate(page, code: str, publish=True, **fields):
    """A translation of ``page`` (and, if needed, its ancestors) into ``code``."""
    locale = get_locale(code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    revision = translated.save_revision()
    if publish:
        revision.publish()
        translated.refresh_from_db()
    return translated


def run_commit_callbacks(using="default") -> int:
    """Run the on-commit callbacks registered so far and forget them, as a
    commit does; a test's own transaction never commits. Django's
    ``captureOnCommitCallbacks`` runs only the callbacks registered inside it
    and leaves them registered, so it cannot stand for a commit after earlier
    work in the same transaction. Returns how many ran."""
    connection = transaction.get_connection(using)
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in pending:
        callback()
    return len(pending)


@contextmanager
def shared_test_data(django_db_blocker):
    """Wrap a class-scoped fixture that builds data once for a class of tests.

    What is built inside stays for every test of the class (each test still
    rolls back its own changes, in a savepoint) and is rolled back after the
    last one. pytest-django's ``_django_db_helper`` is made for this nesting.
    Hand each test a ``copy.deepcopy`` of the built objects, as Django's
    ``setUpTestData`` does, so one test's in-memory changes never reach the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def drug_tree(**drugs) -> dict:
    """The tree the education tests start from: the home page, the A–Z at
    /drugs/ and a drug page under it for each keyword, e.g.
    ``drug_tree(drug={"title": "冰毒", "slug": "ice"})``, returned by the same
    keys plus "home" and "drugs"."""
    from education.models import DrugIndexPage, DrugPage

    home = make_site()
    index = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    tree = {"home": home, "drugs": index}
    for key, fields in drugs.items():
        fields = dict(fields)
        tree[key] = add_page(index, DrugPage, fields.pop("title"), **fields)
    return tree


def class_tree_fixtures(build, name="tree"):
    """The two fixtures of a test module whose classes share one tree:
    ``shared_<name>`` runs ``build()`` once per class (shared_test_data), and
    ``<name>`` hands each test its own deep copy. Use as
    ``shared_tree, tree = class_tree_fixtures(build_tree)``; the names the
    module gives them must be those two."""

    @pytest.fixture(scope="class")
    def shared(django_db_setup, django_db_blocker):
        with shared_test_data(django_db_blocker):
            yield build()

    def per_test(db, **shared_tree):
        return copy.deepcopy(*shared_tree.values())

    # Asked for by name in the signature, not through request.getfixturevalue:
    # pytest then sets the class-scoped tree up before the test's transaction
    # opens, so the test's rollback leaves it for the next test.
    per_test.__signature__ = inspect.Signature([
        inspect.Parameter("db", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter(f"shared_{name}", inspect.Parameter.KEYWORD_ONLY),
    ])
    return shared, pytest.fixture(per_test)


def stop_process(process, timeout=30) -> None:
    """Terminate a process a test started (a qcluster), killing it if it lingers."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
