"""A zh-hant visitor on a page nobody has translated yet: the content is the
zh-hans page, everything around it stays in Traditional Chinese, and no cache
hands one visitor's header to the other."""

import re

import pytest

from education.models import DrugIndexPage, DrugPage, NewsIndexPage, NewsPage, SectionPage
from tests.utils import add_page, make_site, translate
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db

FALLBACK_URL = "/drugs/heroin/?fallback=zh-hant"


@pytest.fixture
def tree():
    home = make_site()
    hant_home = translate(home, "zh-hant", title="首頁")
    drugs = add_page(home, DrugIndexPage, "毒品百科", slug="drugs", show_in_menus=True)
    translate(drugs, "zh-hant", title="毒品百科")
    knowledge = add_page(home, SectionPage, "禁毒知识", slug="knowledge", show_in_menus=True)
    translate(knowledge, "zh-hant", title="禁毒知識")
    heroin = add_page(drugs, DrugPage, "海洛因", slug="heroin", category="traditional")
    return {"home": home, "hant_home": hant_home, "heroin": heroin}


def menu(html):
    """The main menu's (label, link) pairs, as a visitor sees them."""
    nav = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', html, re.S).group(1)
    return [(label.strip(), href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)]


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


HANT_MENU = [("首頁", "/zh-hant/"), ("毒品百科", "/zh-hant/drugs/"), ("禁毒知識", "/zh-hant/knowledge/")]
HANS_MENU = [("首页", "/"), ("毒品百科", "/drugs/"), ("禁毒知识", "/knowledge/")]


def assert_fallback_page(html):
    assert html_lang(html) == "zh-Hant"
    assert menu(html) == HANT_MENU
    assert "本頁面暫無您所選語言的版本，現以簡體中文顯示。" in html  # the notice, in the visitor's language
    assert "站內搜尋" in html and "站内搜索" not in html  # UI strings in zh-hant, not zh-hans
    # The content is the zh-hans page's, marked as such.
    assert '<main id="main" tabindex="-1" lang="zh-Hans">' in html
    assert re.search(r"<h1[^>]*>海洛因</h1>", html)


def assert_plain_page(html):
    assert html_lang(html) == "zh-Hans"
    assert menu(html) == HANS_MENU
    assert "現以簡體中文顯示" not in html
    assert '<main id="main" tabindex="-1">' in html
    assert "站内搜索" in html and "站內搜尋" not in html


def test_a_missing_translation_redirects_to_the_source_with_the_visitors_chrome(client, tree):
    response = client.get("/zh-hant/drugs/heroin/", follow=True)
    assert response.redirect_chain[-1][0] == FALLBACK_URL
    assert response["Content-Language"] == "zh-hant"
    assert_fallback_page(response.content.decode())
    # The language switcher marks the visitor's language and offers the zh-hans page plainly.
    html = response.content.decode()
    assert re.search(r'<a href="/drugs/heroin/"[^>]*>简体中文</a>', html), html


def test_the_fallback_language_is_only_for_that_request(client, tree):
    assert_fallback_page(client.get(FALLBACK_URL).content.decode())
    assert_plain_page(client.get("/drugs/heroin/").content.decode())
    assert_fallback_page(client.get(FALLBACK_URL).content.decode())
    # A value that names no language changes nothing.
    assert_plain_page(client.get("/drugs/heroin/?fallback=klingon").content.decode())


@pytest.mark.parametrize("first", ["fallback", "plain"])
def test_page_cache_never_hands_one_visitors_chrome_to_the_other(wsgi_app, tree, first):
    def fallback():
        status, headers, body = wsgi_get(wsgi_app, "/drugs/heroin/", query="fallback=zh-hant")
        assert status.startswith("200")
        assert_fallback_page(body)
        return headers["X-Page-Cache"]

    def plain():
        status, headers, body = wsgi_get(wsgi_app, "/drugs/heroin/")
        assert status.startswith("200")
        assert_plain_page(body)
        return headers["X-Page-Cache"]

    order = [fallback, plain] if first == "fallback" else [plain, fallback]
    assert [get() for get in order] == ["miss", "miss"]
    # Both now come from the page cache, each with its own header and menu.
    assert [get() for get in order] == ["hit", "hit"]
    assert [get() for get in reversed(order)] == ["hit", "hit"]


class TestHomeNewsInTraditionalChinese:
    @pytest.fixture
    def news_tree(self, tree):
        home, hant_home = tree["home"], tree["hant_home"]
        news = add_page(home, NewsIndexPage, "禁毒动态", slug="news", show_in_menus=True)
        translated = add_page(news, NewsPage, "禁毒宣传进校园", slug="school", date="2026-06-20")
        untranslated = add_page(news, NewsPage, "社区戒毒工作会议", slug="meeting", date="2026-06-21")
        hant_news = translate(news, "zh-hant", title="禁毒動態")
        translate(translated, "zh-hant", title="禁毒宣傳進校園")
        for page, index in ((home, news), (hant_home, hant_news)):
            page.refresh_from_db()  # children were added since: its tree fields changed
            page.news_page = index
            page.save_revision().publish()
        return {"translated": translated, "untranslated": untranslated}

    @staticmethod
    def news_links(html):
        return re.findall(r'class="news-item__title"(?: lang="zh-Hans")?><a href="([^"]+)">([^<]+)</a>', html)

    @staticmethod
    def chinese_only(html):
        """Titles of the news items marked as shown in Simplified Chinese."""
        marked = []
        for item in re.findall(r'<li class="news-item[^"]*">(.*?)</li>', html, re.S):
            title = re.search(r'class="news-item__title" lang="zh-Hans"><a [^>]*>([^<]+)</a>', item)
            if title and '<span class="badge badge--chinese-only">僅中文</span>' in item:
                marked.append(title.group(1))
        return marked

    def test_home_links_translated_news_and_untranslated_news_with_fallback(self, client, news_tree):
        links = self.news_links(client.get("/zh-hant/").content.decode())
        assert links == [
            ("/news/meeting/?fallback=zh-hant", "社区戒毒工作会议"),
            ("/zh-hant/news/school/", "禁毒宣傳進校園"),
        ]
        # The untranslated item's link shows the notice and keeps the zh-hant menu.
        html = client.get(links[0][0]).content.decode()
        assert "現以簡體中文顯示" in html and ("禁毒動態", "/zh-hant/news/") in menu(html)

    def test_news_index_lists_both_the_same_way(self, client, news_tree):
        assert self.news_links(client.get("/zh-hant/news/").content.decode()) == [
            ("/news/meeting/?fallback=zh-hant", "社区戒毒工作会议"),
            ("/zh-hant/news/school/", "禁毒宣傳進校園"),
        ]

    def test_zh_hans_home_links_stay_plain(self, client, news_tree):
        html = client.get("/").content.decode()
        links = self.news_links(html)
        assert [href for href, _ in links] == ["/news/meeting/", "/news/school/"]
        assert "badge--chinese-only" not in html and 'lang="zh-Hans"><a' not in html

    @pytest.mark.parametrize("path", ["/zh-hant/", "/zh-hant/news/"])
    def test_untranslated_news_is_marked_chinese_only(self, client, news_tree, path):
        html = client.get(path).content.decode()
        assert self.chinese_only(html) == ["社区戒毒工作会议"]
        assert html.count("badge--chinese-only") == 1  # the translated item is not marked
