"""Caching is never wrong: on the file backend as deployed, on Redis and in
local memory, a visitor never sees a page older than the last publish, a
preview or a logged-in editor never sees (or leaves) a cached copy, a form's
CSRF token is never served from a cache, and a page that says it changes at a
moment is rendered afresh at that moment.
"""

import http.server
import os
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from core import plugins
from core.caching import (
    GENERATION_KEY,
    bump_generation,
    changes_at,
    current_generation,
    current_state,
    forget_process_memos,
)
from core.models import HomePage
from education.models import ArticlePage, DrugIndexPage, DrugPage, SectionPage
from tests.utils import add_page, make_site, run_commit_callbacks, translate
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _backends(tmp_path):
    file_cache = {"BACKEND": "core.cache_backends.BoundedFileCache", "OPTIONS": {"MAX_ENTRIES": 30_000}}
    return {
        "file": {
            "default": {**file_cache, "LOCATION": str(tmp_path / "default")},
            "pages": {**file_cache, "LOCATION": str(tmp_path / "pages")},
        },
        "redis": {
            "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "t"},
            "pages": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "tp"},
        },
        "locmem": {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
            "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
        },
    }


@pytest.fixture(params=["file", "redis", "locmem"])
def backend(request, settings, tmp_path):
    """Each test runs on the file backend, on Redis and in local memory."""
    if request.param == "redis" and not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip("no Redis here")
    settings.CACHES = {**django_settings.CACHES, **_backends(tmp_path)[request.param]}
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield request.param
    for alias in ("default", "pages"):
        caches[alias].clear()


def entry_count(alias: str) -> int:
    cache = caches[alias]
    if hasattr(cache, "entry_count"):
        return cache.entry_count()
    if hasattr(cache, "keys"):  # django-redis
        return len(cache.keys("*"))
    return len(cache._cache)


@pytest.fixture
def section():
    home = make_site()
    return add_page(home, SectionPage, "禁毒知识", slug="knowledge")


# ---------------------------------------------------------------- generation
def test_a_publish_stays_visible_after_the_cache_loses_its_state(backend, wsgi_app, section):
    """The fault found in review: the generation expired (or was culled) and
    pages built before a publish came back."""
    assert "第一篇" not in wsgi_get(wsgi_app, "/knowledge/")[2]
    add_page(section, ArticlePage, "第一篇", slug="first")
    add_page(section, ArticlePage, "第二篇", slug="second")
    assert current_generation() >= 2
    with time_machine.travel(timezone.now() + timedelta(seconds=700), tick=False):
        # Whatever a backend does with a key: expire it, cull it, evict it.
        caches["pages"].delete(GENERATION_KEY)
        body = wsgi_get(wsgi_app, "/knowledge/")[2]
    assert "第一篇" in body and "第二篇" in body


def test_the_generation_only_moves_forward(backend, section):
    before = current_generation()
    add_page(section, ArticlePage, "文章", slug="a")
    caches["pages"].clear()
    caches["default"].clear()
    assert current_generation() > before


def test_many_bumps_in_one_transaction_copy_the_state_once_at_commit(backend, section):
    """A demo build bumps hundreds of times in one transaction: the commit
    copies the state once, with the last number; a bump rolled back with its
    savepoint takes its copy with it and the next bump registers its own."""
    from django.db import connection, transaction

    from core.models import CacheGeneration

    run_commit_callbacks()
    for _ in range(50):
        bump_generation()
    assert run_commit_callbacks() == 1
    assert caches["pages"].get(GENERATION_KEY)[0] == CacheGeneration.objects.get().value

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        bump_generation()
        raise Abandon
    assert not connection.run_on_commit
    bump_generation()
    assert run_commit_callbacks() == 1
    assert caches["pages"].get(GENERATION_KEY)[0] == CacheGeneration.objects.get().value


def test_an_uncached_page_view_reads_the_cache_state_once(client, settings, section):
    """Routing, the restriction check, listings and fragments all need the
    state; the request reads it once and every part shares that copy."""
    from unittest import mock

    settings.PAGE_CACHE_ENABLED = False
    add_page(section, ArticlePage, "文章", slug="a")
    client.get("/knowledge/a/")
    state_cache = caches["pages"]
    reads = []
    real_get = state_cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    with mock.patch.object(state_cache, "get", counting_get):
        assert client.get("/knowledge/a/").status_code == 200
        assert client.get("/knowledge/").status_code == 200
    assert reads.count(GENERATION_KEY) == 2, reads


# ---------------------------------------------------------------- previews and editors
def test_a_preview_shows_the_draft_not_the_cached_page(backend, client):
    home = make_site()
    home.featured = [("section", {"title": "旧栏目", "pages": []})]
    home.save_revision().publish()
    assert "旧栏目" in client.get("/").content.decode()  # fills the fragments
    home = HomePage.objects.get(pk=home.pk)
    home.featured = [("section", {"title": "新栏目", "pages": []})]
    home.save_revision()  # a draft: nothing public changes
    preview = home.get_latest_revision_as_object().make_preview_request()
    html = preview.rendered_content if hasattr(preview, "rendered_content") else preview.content.decode()
    assert "新栏目" in html and "旧栏目" not in html
    assert "旧栏目" in client.get("/").content.decode()


def test_logged_in_editors_neither_read_nor_write_shared_caches(backend, client, admin_user, section):
    section.intro = "<p>旧导语</p>"
    section.save_revision().publish()
    editor = Client()
    editor.force_login(admin_user)
    editor.get("/knowledge/")  # per-process lookups
    before = entry_count("default")
    assert "旧导语" in editor.get("/knowledge/").content.decode()
    assert entry_count("default") == before, "a logged-in request wrote a fragment"

    assert "旧导语" in client.get("/knowledge/").content.decode()  # a visitor fills the fragments
    # The row changes under the cached fragments without a publish: only a
    # request that bypasses them sees it.
    SectionPage.objects.filter(pk=section.pk).update(intro="<p>新导语</p>")
    assert "新导语" in editor.get("/knowledge/").content.decode()
    assert "旧导语" in client.get("/knowledge/").content.decode()


def test_logged_in_responses_are_private(backend, client, admin_user, section):
    assert "s-maxage=" in client.get("/knowledge/")["Cache-Control"]
    client.force_login(admin_user)
    assert "private" in client.get("/knowledge/")["Cache-Control"]


# ---------------------------------------------------------------- per-visitor content
def csrf_form_page(request):
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<form method="post">{% csrf_token %}'
        "<button>提交</button></form>{% endblock %}"
    )
    return template.render({"page": HomePage.objects.first()}, request)


class _URLs:
    from django.http import HttpResponse
    from django.urls import path

    import config.urls

    urlpatterns = [
        path("csrf-form/", lambda request: _URLs.HttpResponse(csrf_form_page(request))),
        *config.urls.urlpatterns,
    ]


@override_settings(ROOT_URLCONF=_URLs)
def test_no_cached_response_carries_a_csrf_token(backend, wsgi_app):
    make_site()
    first = wsgi_get(wsgi_app, "/csrf-form/")
    second = wsgi_get(wsgi_app, "/csrf-form/")
    assert "csrfmiddlewaretoken" in first[2] and "csrfmiddlewaretoken" in second[2]
    assert second[1].get("X-Page-Cache") != "hit"
    assert "private" in second[1]["Cache-Control"] and "no-store" in second[1]["Cache-Control"]
    # Each visitor gets a token of their own, so nothing of the page was reused.
    token = [line for line in first[2].splitlines() if "csrfmiddlewaretoken" in line]
    assert token != [line for line in second[2].splitlines() if "csrfmiddlewaretoken" in line]


# ---------------------------------------------------------------- moments
MOMENT = datetime(2027, 6, 26, 0, 0, tzinfo=SHANGHAI)


def countdown_banner(request):
    """A banner like the campaign countdown: it changes at local midnight."""
    now = timezone.now()
    if now >= MOMENT:
        return '<p class="banner">今天是国际禁毒日</p>'
    changes_at(request, MOMENT)
    return f'<p class="banner">距国际禁毒日还有 {(MOMENT - now).days + 1} 天</p>'


@pytest.fixture
def countdown():
    plugins.register(plugins.Feature(app_label="test_countdown", banners=[f"{__name__}.countdown_banner"]))
    yield
    plugins.unregister("test_countdown")


def test_a_page_that_changes_at_midnight_is_rendered_afresh_then(backend, wsgi_app, countdown, section):
    with time_machine.travel(MOMENT - timedelta(seconds=90), tick=False):
        status, headers, body = wsgi_get(wsgi_app, "/knowledge/")
        assert "还有 1 天" in body
        assert "s-maxage=90" in headers["Cache-Control"] and headers["X-Accel-Expires"] == "90"
    with time_machine.travel(MOMENT - timedelta(seconds=30), tick=False):
        status, headers, body = wsgi_get(wsgi_app, "/knowledge/")
        assert headers["X-Page-Cache"] == "hit" and "还有 1 天" in body
        # A shared cache in front is told the time that is left, not the original 90 s.
        assert "s-maxage=30" in headers["Cache-Control"]
    with time_machine.travel(MOMENT, tick=False):
        status, headers, body = wsgi_get(wsgi_app, "/knowledge/")
        assert headers["X-Page-Cache"] == "miss"
        assert "今天是国际禁毒日" in body and "还有" not in body


def test_a_moment_inside_a_cached_fragment_still_ends_the_page(backend, wsgi_app, section):
    """The footer's © year sits in a fragment; New Year ends the page and the
    fragment, even for a second page that reuses nothing but the fragment."""
    new_year = datetime(2028, 1, 1, tzinfo=SHANGHAI)
    with time_machine.travel(new_year - timedelta(seconds=20), tick=False):
        assert "© 2027" in wsgi_get(wsgi_app, "/knowledge/")[2]
        caches["pages"].clear()  # only the fragments are left
        caches["pages"].set(GENERATION_KEY, current_state(), 30)
        headers = wsgi_get(wsgi_app, "/knowledge/")[1]
        assert "s-maxage=20" in headers["Cache-Control"], "the fragment hit forgot its moment"
    with time_machine.travel(new_year, tick=False):
        body = wsgi_get(wsgi_app, "/knowledge/")[2]
        assert "© 2028" in body and "© 2027" not in body


# ---------------------------------------------------------------- query strings
def test_unknown_query_parameters_neither_miss_nor_reach_the_page(backend, wsgi_app, section):
    assert wsgi_get(wsgi_app, "/knowledge/")[1]["X-Page-Cache"] == "miss"
    before = entry_count("pages")
    for n in range(30):
        headers = wsgi_get(wsgi_app, "/knowledge/", query=f"utm_source=wechat&x={n}")[1]
        assert headers["X-Page-Cache"] == "hit"
    assert entry_count("pages") == before


def test_parameters_a_page_reads_are_separate_entries(backend, wsgi_app, section):
    home = section.get_parent()
    index = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    add_page(index, DrugPage, "冰毒", slug="ice", category="synthetic")
    add_page(index, DrugPage, "大麻", slug="cannabis", category="traditional")
    assert "冰毒" in wsgi_get(wsgi_app, "/drugs/", query="category=synthetic")[2]
    other = wsgi_get(wsgi_app, "/drugs/", query="category=traditional&x=1")
    assert other[1]["X-Page-Cache"] == "miss" and "大麻" in other[2]
    same = wsgi_get(wsgi_app, "/drugs/", query="x=2&category=traditional")
    assert same[1]["X-Page-Cache"] == "hit"


# ---------------------------------------------------------------- bounds
def test_fragments_of_500_drug_pages_in_three_languages_fit(settings, client, tmp_path):
    """Fragments per drug page and language, measured, times 1,500 pages,
    stay below the file cache's bound, so none is culled in normal use."""
    # The embedded default, as deployed without Redis (Redis is bounded by its maxmemory).
    settings.CACHES = {**django_settings.CACHES, **_backends(tmp_path)["file"]}
    for alias in ("default", "pages"):
        settings.CACHES[alias]["OPTIONS"] = {"MAX_ENTRIES": settings.FILE_CACHE_MAX_ENTRIES}
    home = make_site()
    index = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    drug = add_page(index, DrugPage, "冰毒", slug="ice")
    translate(home, "en", title="Home")
    translate(index, "en", title="Drugs A-Z")
    translate(drug, "en", title="Methamphetamine")
    client.get("/drugs/ice/")
    client.get("/en/drugs/ice/")  # per-process lookups and the chrome, once per language
    caches["default"].clear()
    forget_process_memos()  # and the worker's own copies: what a first visit writes
    client.get("/drugs/ice/")
    per_page = entry_count("default")
    assert per_page >= 1
    bound = settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"]
    needed = per_page * 500 * 3 + 3 * 10  # plus the chrome and lists per language
    assert needed < bound * 0.8, (per_page, bound)


# ---------------------------------------------------------------- shared caches in front
class _PurgeRecorder(http.server.BaseHTTPRequestHandler):
    purged: list = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        type(self).purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_publish_purges_the_page_from_nginx_or_a_cdn(settings, section):
    server = http.server.HTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _PurgeRecorder.purged = []
    try:
        settings.WAGTAILFRONTENDCACHE = {
            "nginx": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{server.server_port}",
            }
        }
        add_page(section, ArticlePage, "新闻稿", slug="release")
        # Purges go out when the publish commits (core/signals.py).
        assert _PurgeRecorder.purged == []
        run_commit_callbacks()
    finally:
        server.shutdown()
    assert ("testserver", "/knowledge/release/") in _PurgeRecorder.purged
    # The pages that list it: its section and the home page.
    assert ("testserver", "/knowledge/") in _PurgeRecorder.purged
    assert ("testserver", "/") in _PurgeRecorder.purged


# ---------------------------------------------------------------- upstream behaviour
def test_a_page_view_asks_wagtail_for_no_locale_in_any_language(client):
    """Upstream: wagtail.models.Locale.get_active queries the database on
    every call, and Wagtail routes every page view from the site's
    ``root_page.localized`` (Page.route_for_request), which on a plain Page
    asks it. The site's home page is handed to Wagtail as a HomePage
    (core.middleware.SiteHomeMiddleware), whose ``localized`` answers from
    core.visibility.active_locale: after a publish, no language's page view
    reads a Locale row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = make_site()
    section = add_page(home, SectionPage, "禁毒知识", slug="knowledge")
    translate(home, "en", title="Home")
    translate(section, "en", title="Drug facts")
    translate(home, "zh-hant", title="繁體首頁")
    for url, title in [("/knowledge/", "禁毒知识"), ("/en/knowledge/", "Drug facts"), ("/zh-hant/", "繁體首頁")]:
        client.get(url)  # the process's one-time lookups (locales, content types)
        bump_generation()
        run_commit_callbacks()
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url).content.decode()
        assert title in body, url
        assert not [q for q in captured if 'FROM "wagtailcore_locale"' in q["sql"]], url


def test_a_deleted_locale_falls_back_to_the_default_language():
    from django.utils import translation
    from wagtail.models import Locale

    from core.visibility import active_locale

    make_site()
    with translation.override("en"):
        assert active_locale().language_code == "en"
    Locale.objects.filter(language_code="en").delete()
    with translation.override("en"):
        # Gone: Wagtail's own answer, the default locale.
        assert active_locale().language_code == "zh-hans"


# ---------------------------------------------------------------- view restrictions from the cache state
def test_a_page_outside_restricted_subtrees_asks_no_restriction_query(client, section, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/knowledge/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/knowledge/").status_code == 200
    assert not [q for q in captured.captured_queries if "pageviewrestriction" in q["sql"]]


def test_restricted_pages_and_their_aliases_stay_restricted(client, section):
    from wagtail.models import PageViewRestriction

    article = add_page(section, ArticlePage, "内部通报", slug="internal")
    assert client.get("/knowledge/internal/").status_code == 200
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/knowledge/internal/").status_code == 302  # to the login form
    # An alias elsewhere in the tree takes its source page's restriction.
    other = add_page(section.get_parent(), SectionPage, "其他", slug="other")
    article.create_alias(parent=other, update_slug="internal-alias")
    assert client.get("/other/internal-alias/").status_code == 200
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/other/internal-alias/").status_code == 302


def test_a_leaf_page_shows_the_next_publish_at_once(client, section):
    """A new revision, an unpublish or a new sibling shows on the next
    request, with no process keeping the page it routed to before."""
    article = add_page(section, ArticlePage, "旧标题", slug="a")
    assert "旧标题" in client.get("/knowledge/a/").content.decode()
    assert client.get("/knowledge/b/").status_code == 404
    article.title = "新标题"
    article.save_revision().publish()
    assert "新标题" in client.get("/knowledge/a/").content.decode()
    add_page(section, ArticlePage, "第二篇", slug="b")
    assert client.get("/knowledge/b/").status_code == 200
    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert client.get("/knowledge/a/").status_code == 404


def test_a_section_shows_the_next_publish_at_once(client, section):
    """Unpublishing a section, or publishing a page in it, shows on the next
    request."""
    add_page(section, ArticlePage, "第一篇", slug="first")
    assert "第一篇" in client.get("/knowledge/").content.decode()
    add_page(section, ArticlePage, "第二篇", slug="second")
    assert "第二篇" in client.get("/knowledge/").content.decode()
    SectionPage.objects.get(pk=section.pk).unpublish()
    assert client.get("/knowledge/").status_code == 404


def test_a_page_never_cached_still_reads_the_shared_chrome(client):
    """A form page (the quiz join page) is never cached as a whole, but its
    menu, footer and settings are the same for every visitor: they come from
    the shared cache, not from the database on each request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_site()
    client.get("/quiz/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/quiz/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    sql = " ".join(query["sql"] for query in captured)
    assert "core_sitesettings" not in sql and "core_footerlink" not in sql


def test_a_site_change_shows_on_the_next_request_whatever_the_generation(client):
    """No worker keeps the Site or its home page between requests: a test's
    rollback (or a restored backup) can put a different site behind a
    generation number a worker has already seen, and the next request must
    still draw that site, not the last one's home page and images."""
    from wagtail.models import Site

    home = make_site()
    assert '<h1 id="hero-title">首页</h1>' in client.get("/").content.decode()
    other = HomePage(title="另一个首页", slug="other-home", locale=home.locale)
    home.get_parent().add_child(instance=other)
    generation = current_generation()
    Site.objects.update(root_page=other)  # no signal: the generation stays
    assert current_generation() == generation
    assert '<h1 id="hero-title">另一个首页</h1>' in client.get("/").content.decode()
