"""Pages cost a bounded number of SQL queries that does not grow with content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import DrugIndexPage, DrugPage, NewsIndexPage, NewsPage
from tests.utils import add_page, make_site

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15
URLS = ["/", "/drugs/", "/drugs/drug-1/", "/search/?q=冰毒", "/search/?q=毒", "/news/"]


def count_queries(client, url):
    client.get(url)  # warm-up: per-process lookups (site root paths, locales)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def add_drugs(index, start, stop):
    for i in range(start, stop):
        index.add_child(instance=DrugPage(
            title=f"测试药物{i}", slug=f"drug-{i}", category="synthetic",
            street_names=f"冰毒{i}号", summary="冰毒的一种伪装。", live=True,
        ))


def test_query_count_is_small_and_the_same_with_10_and_500_drugs(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    home = make_site()
    index = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    news = add_page(home, NewsIndexPage, "禁毒动态", slug="news")
    home.news_page = news
    home.save_revision().publish()
    for i in range(5):
        add_page(news, NewsPage, f"新闻{i}", slug=f"news-{i}")
    add_drugs(index, 1, 11)
    small = {url: count_queries(client, url) for url in URLS}
    add_drugs(index, 11, 501)
    large = {url: count_queries(client, url) for url in URLS}
    assert all(n <= MAX_QUERIES for n in small.values()), small
    # Search may need one query fewer at 500: a page of results then holds one
    # page type instead of two. It must never need more.
    assert all(large[url] <= small[url] for url in URLS), (small, large)
    assert large["/"] == small["/"] and large["/drugs/"] == small["/drugs/"]
