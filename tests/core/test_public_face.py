"""What search engines, feed readers and phones get from the demo site:
sitemap.xml with every language, canonical links, robots.txt, the HTML site
map, the news feed's dates and fallback, and tel: links only for real numbers."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from wagtail.models import PageViewRestriction

from core.models import SiteSettings
from education.models import DrugPage, HelpPage, NewsPage

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def path_of(url):
    return urlsplit(url).path


def sitemap_entries(client):
    """{path: {hreflang: path}} from /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        links = {link.get("hreflang"): path_of(link.get("href")) for link in url.findall("x:link", NS)}
        entries[path_of(url.find("s:loc", NS).text)] = links
    return entries


def canonical(html):
    found = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.django_db
class TestSearchEngines:
    def test_sitemap_lists_every_language_with_alternates(self, client, demo):
        entries = sitemap_entries(client)
        assert {"/", "/en/", "/zh-hant/"} <= set(entries)
        # Every live page of every language is listed.
        for language in ("zh-hans", "en", "zh-hant"):
            for drug in DrugPage.objects.live().filter(locale__language_code=language):
                assert path_of(drug.get_url()) in entries, (language, drug.get_url())
        meth = entries["/zh-hant/drugs/methamphetamine/"]
        assert meth == {
            "zh-Hans": "/drugs/methamphetamine/",
            "en": "/en/drugs/methamphetamine/",
            "zh-Hant": "/zh-hant/drugs/methamphetamine/",
            "x-default": "/drugs/methamphetamine/",
        }
        assert entries["/drugs/methamphetamine/"] == meth
        # A page with no zh-hant translation names only the languages it has.
        # A page not (yet) in Traditional Chinese names only the languages it has.
        news = NewsPage.objects.live().filter(locale__language_code="zh-hans").first()
        for translation in news.get_translations().filter(locale__language_code="zh-hant"):
            translation.unpublish()
        entries = sitemap_entries(client)
        assert set(entries[path_of(news.get_url())]) == {"zh-Hans", "en", "x-default"}

    def test_sitemap_queries_do_not_grow_with_the_pages(self, client, demo, django_assert_max_num_queries):
        client.get("/sitemap.xml")
        # One query per page type and a few more, not one per page (56 here).
        with django_assert_max_num_queries(20):
            assert client.get("/sitemap.xml").status_code == 200

    def test_sitemap_leaves_out_restricted_pages(self, client, demo):
        # A restriction covers every translation (core/restrictions.py) and
        # every page below it.
        drugs_en = DrugPage.objects.live().filter(locale__language_code="en").first().get_parent()
        PageViewRestriction.objects.create(page=drugs_en, restriction_type="password", password="secret")
        entries = sitemap_entries(client)
        assert "/" in entries and "/en/" in entries
        assert not [path for path in entries if "/drugs/" in path], entries.keys()
        assert all("/drugs/" not in alternate for links in entries.values() for alternate in links.values())

    def test_every_page_has_one_canonical_link_without_filters(self, client, demo):
        news_index = NewsPage.objects.live().filter(locale__language_code="zh-hans").first().get_parent()
        url = news_index.get_url()
        cases = {
            url: url,
            f"{url}?tag=abc": url,
            f"{url}?page=2": f"{url}?page=2",
            f"{url}?page=1": url,
            "/en/drugs/?category=stimulant": "/en/drugs/",
            "/drugs/methamphetamine/?fallback=en": "/drugs/methamphetamine/",
            "/en/": "/en/",
            "/sitemap/": "/sitemap/",
        }
        for requested, expected in cases.items():
            response = client.get(requested)
            assert response.status_code == 200, requested
            assert canonical(response.content.decode()) == f"http://testserver{expected}", requested

    def test_robots_keeps_search_and_tips_out_in_every_language(self, client, demo):
        lines = client.get("/robots.txt").content.decode().splitlines()
        for prefix in ("", "/en", "/zh-hant"):
            assert f"Disallow: {prefix}/search/" in lines
            assert f"Disallow: {prefix}/tips/" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines

    def test_footer_opens_a_readable_site_map_in_the_visitors_language(self, client, demo):
        home = client.get("/en/").content.decode()
        assert 'href="/en/sitemap/"' in home
        assert 'href="/sitemap.xml"' not in home
        response = client.get("/en/sitemap/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Site map</h1>" in html
        en_drug = DrugPage.objects.live().filter(locale__language_code="en").first()
        assert f'href="{en_drug.get_url()}"' in html
        assert 'href="/drugs/' not in html  # only the English tree
        zh = client.get("/sitemap/").content.decode()
        assert "<h1>网站地图</h1>" in zh and "按菜单顺序排列" in zh and 'href="/drugs/methamphetamine/"' in zh
        assert "<h1>網站地圖</h1>" in client.get("/zh-hant/sitemap/").content.decode()


def feed_items(client, url, home="/"):
    response = client.get(url)
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert path_of(channel.findtext("link")) == home
    return [
        {"title": item.findtext("title"), "link": item.findtext("link"), "date": parsedate_to_datetime(item.findtext("pubDate"))}
        for item in channel.findall("item")
    ]


@pytest.mark.django_db
class TestNewsFeed:
    def test_items_are_dated_by_the_news_date(self, client, demo):
        items = feed_items(client, "/news/feed/")
        news = {n.title: n for n in NewsPage.objects.live().filter(locale__language_code="zh-hans")}
        assert items and len({item["date"] for item in items}) > 1
        shanghai = ZoneInfo("Asia/Shanghai")
        for item in items:
            expected = datetime.combine(news[item["title"]].date, datetime.min.time(), tzinfo=shanghai)
            assert item["date"] == expected, item["title"]

    def test_a_language_without_translated_news_gets_the_chinese_news(self, client, demo):
        for news in NewsPage.objects.live().filter(locale__language_code="zh-hant"):
            news.unpublish()
        items = feed_items(client, "/zh-hant/news/feed/", home="/zh-hant/")
        zh_news = NewsPage.objects.live().filter(locale__language_code="zh-hans")
        assert len(items) == zh_news.count()
        assert {path_of(item["link"]) for item in items} == {n.get_url() for n in zh_news}
        # English has its own news: no Chinese item is mixed in.
        en_items = feed_items(client, "/en/news/feed/", home="/en/")
        assert en_items and all(path_of(i["link"]).startswith("/en/") for i in en_items)


@pytest.mark.django_db
class TestPhoneLinks:
    def test_only_dialable_numbers_become_tel_links(self, client, demo):
        help_page = HelpPage.objects.get(locale__language_code="zh-hans")
        html = client.get(help_page.url).content.decode()
        assert "0769-XXXXXXXX（示例号码）" in html  # still shown, as text
        hrefs = re.findall(r'href="tel:([^"]*)"', html)
        assert hrefs and "tel:110" in [f"tel:{h}" for h in hrefs]
        assert all(re.fullmatch(r"\+?\d{3,}", h) for h in hrefs), hrefs

    def test_a_placeholder_hotline_is_plain_text_everywhere(self, client, demo):
        settings_row = SiteSettings.objects.first()
        settings_row.hotline = "0769-XXXXXXXX（示例号码）"
        settings_row.national_hotline = "+86 769 2288 1234"
        settings_row.save()
        drug = DrugPage.objects.live().filter(locale__language_code="zh-hans").first()
        for url in ("/", "/en/", drug.get_url()):
            html = client.get(url).content.decode()
            assert "0769-XXXXXXXX" in html, url
            assert all(re.fullmatch(r"\+?\d{3,}", h) for h in re.findall(r'href="tel:([^"]*)"', html)), url
            assert 'href="tel:+867692288' in html, url


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("110", "tel:110"),
        ("0769-2288 1234", "tel:076922881234"),
        ("+86 (769) 2288-1234", "tel:+8676922881234"),
        ("０７６９－２２８８１２３４", "tel:076922881234"),
        ("0769-XXXXXXXX（示例号码）", ""),
        ("12", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_tel_href(number, href):
    rendered = Template("{% load core_tags %}{{ number|tel_href }}").render(Context({"number": number}))
    assert rendered == href




class TestFoundFromHome:
    def test_home_leads_to_the_online_tip_form_and_the_practice_quiz(self, client, demo):
        for prefix, words in (("/", ("网上匿名举报", "做练习题")), ("/en/", ("Report online", "practice quiz"))):
            html = client.get(prefix).content.decode()
            strip = html[html.index('class="report-strip"'):].split("</section>", 1)[0]
            assert f'href="{prefix}tips/"' in strip and f'href="{prefix}quiz/#practice"' in strip, prefix
            assert all(word in strip for word in words), prefix
        join = client.get("/quiz/").content.decode()
        assert 'id="practice"' in join

    def test_the_drug_pages_text_links_the_tip_form_in_its_language(self, client, demo):
        from education.models import DrugPage

        for language, tips in (("zh-hans", "/tips/"), ("en", "/en/tips/"), ("zh-hant", "/zh-hant/tips/")):
            drug = DrugPage.objects.live().filter(locale__language_code=language).exclude(get_help="").first()
            html = client.get(drug.url).content.decode()
            # The editor's text, before the template's own list of lines and links.
            help_text = html[html.index('id="help"'):html.index('class="help-lines"')]
            assert f'href="{tips}"' in help_text, language
