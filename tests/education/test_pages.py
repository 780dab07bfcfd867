"""Every page type renders in all three languages (the parent/child rules are in test_admin_create.py)."""


import pytest

from education.models import (
    ArticlePage,
    DrugPage,
    HelpPage,
    MaterialLibraryPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from tests.utils import add_page, class_tree_fixtures, drug_tree, translate

LANGUAGES = [("zh-hans", ""), ("en", "/en"), ("zh-hant", "/zh-hant")]
HTML_LANG = {"zh-hans": 'lang="zh-Hans"', "en": 'lang="en"', "zh-hant": 'lang="zh-Hant"'}


def build_tree():
    pages = drug_tree(drug={"title": "冰毒", "slug": "ice", "street_names": [("name", "冰"), ("name", "溜冰")],
                            "effects_body": "<p>损害心脏。</p>"})
    home = pages["home"]
    pages["section"] = add_page(home, SectionPage, "禁毒知识", slug="knowledge")
    pages["article"] = add_page(
        pages["section"], ArticlePage, "拒绝毒品", slug="say-no",
        body=[("paragraph", "<p>珍爱生命，远离毒品。</p>"),
              ("callout", {"level": "warning", "title": "注意", "text": "<p>新型毒品伪装性强。</p>"}),
              ("faq", {"title": "常见问题", "items": [{"question": "什么是毒品？", "answer": "<p>见刑法第357条。</p>"}]}),
              ("quote", {"text": "毒品一日不绝，禁毒一日不止。", "attribution": ""})],
    )
    pages["news_index"] = add_page(home, NewsIndexPage, "禁毒动态", slug="news")
    pages["news"] = add_page(pages["news_index"], NewsPage, "进校园宣讲", slug="school-talk")
    pages["materials"] = add_page(home, MaterialLibraryPage, "宣传资料", slug="materials")
    pages["help"] = add_page(
        home, HelpPage, "戒毒帮助", slug="help",
        services=[("service", {"kind": "hotline", "name": "禁毒举报", "phone": "110", "address": "",
                               "hours": "24小时", "note": ""})],
    )
    return pages


shared_tree, tree = class_tree_fixtures(build_tree)


@pytest.mark.django_db
class TestEducationPages:
    """The tree is built once for the class; each test's own pages and
    translations are rolled back after it."""

    @pytest.mark.parametrize("key", ["home", "section", "article", "drugs", "drug", "news_index", "news",
                                     "materials", "help"])
    def test_every_page_type_renders_in_every_language(self, client, tree, key):
        source = tree[key]
        for code, prefix in LANGUAGES:
            page = source if code == "zh-hans" else translate(source, code, title=f"{source.title} [{code}]")
            response = client.get(page.url)
            assert response.status_code == 200, (code, page.url)
            html = response.content.decode()
            assert page.title in html
            assert HTML_LANG[code] in html
            assert page.url.startswith(prefix + "/")

    def test_untranslated_page_falls_back_to_chinese(self, client, tree):
        translate(tree["drugs"], "en", title="Drugs A-Z")
        response = client.get("/en/drugs/ice/", follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == "/drugs/ice/?fallback=en"
        assert "冰毒" in response.content.decode()
        assert response.context["request"].GET["fallback"] == "en"

    def test_unknown_url_gives_404_in_the_visitors_language(self, client, tree):
        zh = client.get("/no-such-page/")
        en = client.get("/en/no-such-page/")
        hant = client.get("/zh-hant/no-such-page/")
        assert zh.status_code == en.status_code == hant.status_code == 404
        assert 'lang="zh-Hans"' in zh.content.decode()
        assert 'lang="en"' in en.content.decode()
        assert 'lang="zh-Hant"' in hant.content.decode()

    def test_a_drug_page_links_the_tip_form_and_the_practice_quiz(self, client, tree):
        html = client.get(tree["drug"].url).content.decode()
        help_section = html[html.index('id="help"'):]
        assert '<a href="/tips/">匿名举报表单</a>' in help_section
        assert 'href="/quiz/#practice"' in help_section

    def test_drug_index_filters_by_category(self, client, tree):
        add_page(tree["drugs"], DrugPage, "依托咪酯", slug="etomidate", category="nps")
        response = client.get("/drugs/", {"category": "nps"})
        names = [d.title for group in response.context["letter_groups"].values() for d in group]
        assert names == ["依托咪酯"]
        response = client.get("/drugs/", {"category": "<script>"})
        assert response.status_code == 200
        assert len([d for g in response.context["letter_groups"].values() for d in g]) == 2

    def test_drug_index_groups_by_pinyin_initial(self, client, tree):
        add_page(tree["drugs"], DrugPage, "海洛因", slug="heroin", category="traditional")
        groups = client.get("/drugs/").context["letter_groups"]
        assert [d.title for d in groups["B"]] == ["冰毒"]
        assert [d.title for d in groups["H"]] == ["海洛因"]

    def test_news_feed_lists_news_in_language(self, client, tree):
        response = client.get("/news/feed/")
        assert response.status_code == 200
        assert "进校园宣讲" in response.content.decode()

    def test_sitemap_and_robots(self, client, tree):
        sitemap = client.get("/sitemap.xml")
        assert sitemap.status_code == 200
        assert "/drugs/ice/" in sitemap.content.decode()
        robots = client.get("/robots.txt").content.decode()
        assert "Disallow: /admin/" in robots and "Sitemap:" in robots

    def test_qr_code_only_for_own_pages(self, client, tree):
        ok = client.get("/qr.svg", {"url": "/drugs/ice/"})
        assert ok.status_code == 200 and ok["Content-Type"] == "image/svg+xml"
        assert b"xmlns=\"http://www.w3.org/2000/svg\"" in ok.content
        assert client.get("/qr.svg", {"url": "https://evil.example/"}).status_code == 400
        assert client.get("/qr.svg", {"url": "//evil.example/"}).status_code == 400

    def test_translated_encyclopedia_lists_untranslated_drugs_in_chinese(self, client, tree):
        add_page(tree["drugs"], DrugPage, "海洛因", slug="heroin", category="traditional")
        translate(tree["drugs"], "en", title="Drugs A-Z")
        translate(tree["drug"], "en", title="Ice")
        html = client.get("/en/drugs/").content.decode()
        assert "Ice" in html
        assert "海洛因" in html and "/drugs/heroin/?fallback=en" in html
        assert "冰毒" not in html  # translated: listed once, in English
