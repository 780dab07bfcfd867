"""Anonymous pages come from the page cache; a publish is visible on the next request."""

import io
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from core.page_cache import PageCacheMiddleware
from education.models import ArticlePage
from tests.utils import add_page, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(settings):
    settings.PAGE_CACHE_ENABLED = True
    # As Django's test client does: a request must not close the connection
    # that holds the test's transaction (it would on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCacheMiddleware(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def get(app, path, cookie=""):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "HTTP_COOKIE": cookie,
    }
    status_headers = {}

    def start_response(status, headers, exc_info=None):
        status_headers["status"] = status
        status_headers["headers"] = dict(headers)

    body = b"".join(app(environ, start_response))
    return status_headers["status"], status_headers["headers"], body.decode()


@pytest.fixture
def article():
    home = make_site()
    return add_page(home, ArticlePage, "原标题", slug="story")


def test_second_anonymous_request_is_a_hit(app, article):
    first = get(app, "/story/")
    second = get(app, "/story/")
    assert first[0].startswith("200") and first[1]["X-Page-Cache"] == "miss"
    assert second[1]["X-Page-Cache"] == "hit"
    assert second[2] == first[2]


def test_publish_is_visible_on_the_next_request(app, article):
    get(app, "/story/")
    assert "原标题" in get(app, "/story/")[2]
    article.title = "新标题"
    article.save_revision().publish()
    status, headers, body = get(app, "/story/")
    assert "新标题" in body and "原标题" not in body
    assert headers["X-Page-Cache"] == "miss"


def test_unpublish_is_visible_on_the_next_request(app, article):
    get(app, "/story/")
    article.unpublish()
    assert get(app, "/story/")[0].startswith("404")


def test_logged_in_visitors_bypass_the_cache(app, article):
    get(app, "/story/")
    status, headers, _ = get(app, "/story/", cookie="sessionid=abc")
    assert "X-Page-Cache" not in headers


def test_not_found_pages_are_not_cached(app, article):
    get(app, "/nope/")
    status, headers, _ = get(app, "/nope/")
    assert status.startswith("404") and headers.get("X-Page-Cache") != "hit"
