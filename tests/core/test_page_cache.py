"""Anonymous pages come from the page cache; a publish is visible on the next request."""

import pytest

from education.models import ArticlePage
from tests.utils import add_page, make_site
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(wsgi_app):
    return wsgi_app


def get(app, path, cookie=""):
    return wsgi_get(app, path, cookie=cookie)


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
