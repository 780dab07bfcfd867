"""Pages cost a bounded number of SQL queries that does not grow with content.

Two figures per URL, in every language, with the whole-page cache off:
``warm`` is an ordinary request (fragment caches filled by an earlier
visitor), ``cold`` the first render after a publish, when every cached
fragment is stale. The translated A–Z also lists the 490 untranslated drugs.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.caching import bump_generation
from education.models import DrugIndexPage, DrugPage, NewsIndexPage, NewsPage
from tests.utils import add_page, make_site, run_commit_callbacks, translate

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15
MAX_QUERIES_COLD = 15
URLS = [
    "/", "/drugs/", "/drugs/drug-1/", "/search/?q=冰毒", "/search/?q=毒", "/news/",
    "/en/", "/en/drugs/", "/en/drugs/drug-1/", "/en/search/?q=ice", "/en/news/",
    "/zh-hant/", "/zh-hant/drugs/", "/zh-hant/drugs/drug-1/", "/zh-hant/search/?q=冰毒",
]


def count(client, url, cold):
    client.get(url)  # per-process lookups (site root paths, locales, content types)
    if cold:
        # Committed, as a publish is: the bump's on-commit work runs (once
        # for the transaction, however many bumps it made).
        bump_generation()
        assert run_commit_callbacks() == 1
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def measure(client):
    return {url: (count(client, url, False), count(client, url, True)) for url in URLS}


def add_drugs(index, start, stop):
    for i in range(start, stop):
        index.add_child(instance=DrugPage(
            title=f"测试药物{i}", slug=f"drug-{i}", category="synthetic",
            street_names=[("name", f"冰毒{i}号")], summary="冰毒的一种伪装。", live=True,
        ))


def test_query_count_is_small_and_the_same_with_10_and_500_drugs(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    home = make_site()
    index = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    news = add_page(home, NewsIndexPage, "禁毒动态", slug="news")
    home.news_page = news
    home.featured = [("section", {"title": "新型毒品", "pages": [index]})]
    home.save_revision().publish()
    for i in range(5):
        add_page(news, NewsPage, f"新闻{i}", slug=f"news-{i}")
    add_drugs(index, 1, 11)
    for language in ("en", "zh-hant"):
        for page in (home, index, news, DrugPage.objects.get(slug="drug-1", locale__language_code="zh-hans")):
            translate(page, language)
    small = measure(client)
    add_drugs(index, 11, 501)
    large = measure(client)

    assert all(warm <= MAX_QUERIES and cold <= MAX_QUERIES_COLD for warm, cold in small.values()), small
    # Search may need one query fewer at 500: a page of results then holds one
    # page type instead of two. Nothing may need more.
    for url in URLS:
        assert large[url][0] <= small[url][0] and large[url][1] <= small[url][1], (url, small, large)
    assert large["/"] == small["/"] and large["/drugs/"] == small["/drugs/"]
