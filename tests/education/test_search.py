"""Chinese-aware search: segmented words, traditional input, short queries, bad input."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.search import segment_for_index, segment_query
from education.choices import DrugCategory
from education.models import ArticlePage
from tests.utils import add_page, class_tree_fixtures, drug_tree, translate


def build_tree():
    tree = drug_tree(
        meth={"title": "甲基苯丙胺", "slug": "meth", "category": DrugCategory.SYNTHETIC,
              "street_names": [("name", "冰"), ("name", "溜冰"), ("name", "Ice")],
              "summary": "甲基苯丙胺俗称冰毒，是一种中枢神经兴奋剂。"},
        ketamine={"title": "氯胺酮", "slug": "ketamine", "category": DrugCategory.SYNTHETIC,
                  "street_names": [("name", "K粉"), ("name", "K仔")], "summary": "一种麻醉药，滥用时称为K粉。"},
        mdma={"title": "亚甲二氧基甲基苯丙胺", "slug": "mdma", "street_names": [("name", "摇头丸"), ("name", "MDMA")],
              "summary": "常被压制成彩色药片。"},
    )
    home, meth = tree["home"], tree["meth"]
    article = add_page(home, ArticlePage, "家长须知", slug="parents", summary="如何与孩子谈论毒品的危害。")
    en_meth = translate(meth, "en", title="Methamphetamine", summary="Known as ice or crystal meth.")
    return {**tree, "article": article, "en_meth": en_meth}


shared_tree, tree = class_tree_fixtures(build_tree)


def ui(text):
    """A UI string as a zh-hans visitor reads it in the page's HTML."""
    with translation.override("zh-hans"):
        return escape(gettext(text))


def titles(response):
    return [page.title for page in response.context["results_page"].object_list]


def test_segmentation_splits_a_word_out_of_a_run_of_chinese():
    assert "冰毒" in segment_for_index("甲基苯丙胺俗称冰毒").split()
    assert segment_query("俗称冰毒") == ["俗称", "冰毒"]


@pytest.mark.django_db
class TestSearch:
    """The tree is built once for the class; a test that unpublishes a page
    has it rolled back after it."""

    def test_finds_word_inside_a_run_of_chinese(self, client, tree):
        response = client.get("/search/", {"q": "冰毒"})
        assert response.status_code == 200
        assert titles(response) == ["甲基苯丙胺"]

    def test_finds_mixed_latin_and_chinese_street_name(self, client, tree):
        assert "氯胺酮" in titles(client.get("/search/", {"q": "K粉"}))
        assert "氯胺酮" in titles(client.get("/search/", {"q": "k粉"}))

    def test_traditional_query_finds_simplified_page(self, client, tree):
        assert titles(client.get("/search/", {"q": "搖頭丸"})) == ["亚甲二氧基甲基苯丙胺"]

    def test_one_character_query_falls_back_to_substring(self, client, tree):
        found = titles(client.get("/search/", {"q": "毒"}))
        assert "甲基苯丙胺" in found
        assert "家长须知" in found

    def test_results_are_in_the_visitors_language(self, client, tree):
        found = titles(client.get("/en/search/", {"q": "ice"}))
        assert found == ["Methamphetamine"]
        assert "Methamphetamine" not in titles(client.get("/search/", {"q": "冰"}))

    def test_word_missing_from_every_page_finds_nothing(self, client, tree):
        response = client.get("/search/", {"q": "海洛因"})
        assert response.status_code == 200
        assert titles(response) == []

    @pytest.mark.parametrize(
        "query",
        ["", "   ", "x" * 2000, "冰" * 2000, '"', '"冰毒', "*", "冰*", "AND(", "NEAR", "NEAR(冰 毒)",
         "OR AND NOT", "'; DROP TABLE x;--", "\\", "{}[]", "\x00", "😀"],
    )
    def test_any_input_gives_a_results_page(self, client, tree, query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "results_page" in response.context
        html = response.content.decode()
        assert 'id="search-page-q"' in html  # the visitor can search again
        if query.strip():
            assert 'class="search-count" role="status"' in html
        else:
            assert ui(
                "Type a word above and press Search. You can search for a drug's name or street name, "
                "a topic such as “e-cigarette” or “school”, or a place to get help."
            ) in html

    def test_a_long_query_is_cut_with_a_notice(self, client, tree):
        html = client.get("/search/", {"q": "冰毒" * 1000}).content.decode()
        assert ui("Your search was long, so only its beginning was used.") in html

    def test_search_page_is_paginated_and_survives_a_bad_page_number(self, client, tree):
        for number in range(12):  # enough for a second page of results
            add_page(tree["home"], ArticlePage, f"毒品危害{number}", slug=f"harm-{number}")
        first = client.get("/search/", {"q": "毒"})
        assert first.context["results_page"].paginator.num_pages == 2
        response = client.get("/search/", {"q": "毒", "page": "abc"})
        assert response.status_code == 200
        assert titles(response) == titles(first)  # the first page
        response = client.get("/search/", {"q": "毒", "page": "999"})
        assert response.status_code == 200
        assert response.context["results_page"].number == 2  # the last page
        assert titles(response) and set(titles(response)).isdisjoint(titles(first))

    def test_a_long_result_list_shows_the_first_the_last_and_the_pages_near_the_current_one(self, client, tree):
        for number in range(45):  # five pages of results
            add_page(tree["home"], ArticlePage, f"毒品危害{number}", slug=f"many-{number}")
        response = client.get("/search/", {"q": "毒", "page": "5"})
        assert response.context["results_page"].paginator.num_pages == 5
        html = response.content.decode()
        bar = html[html.index('class="pagination"'):]
        bar = bar[:bar.index("</nav>")]
        shown = re.findall(r">(\d+|…)</", bar)
        assert shown == ["1", "…", "3", "4", "5"]
        assert re.search(r'page=5" aria-current="page"', bar)
        assert "page=2" not in bar and 'rel="prev"' in bar and 'rel="next"' not in bar

    def test_the_header_of_a_search_shows_a_page_added_to_the_menu_and_keeps_the_query_below(self, client, tree):
        # The search page's header is one cached copy for every query; a publish must still reach it.
        first = client.get("/search/", {"q": "冰毒"}).content.decode()
        assert "戒毒指南" not in first
        add_page(tree["home"], ArticlePage, "戒毒指南", slug="rehab-guide", show_in_menus=True)
        html = client.get("/search/", {"q": "K粉"}).content.decode()
        header = html[html.index('<header class="site-header">'):html.index("</header>")]
        assert "戒毒指南" in header
        assert 'href="/en/search/"' in header  # the language links keep the search page
        assert 'id="search-page-q" type="search" name="q" value="K粉"' in html

    def test_unpublished_pages_are_not_found(self, client, tree):
        tree["ketamine"].unpublish()
        assert "氯胺酮" not in titles(client.get("/search/", {"q": "K粉"}))

    def test_results_show_each_pages_summary_without_loading_pages_one_by_one(
        self, client, tree, django_assert_max_num_queries
    ):
        client.get("/search/", {"q": "毒品"})  # the header, footer and menu are built once per publish
        # The match, then one query per page type shown (drug pages, articles): not one per result.
        with django_assert_max_num_queries(6):
            response = client.get("/search/", {"q": "毒"})
        html = response.content.decode()
        assert "甲基苯丙胺俗称冰毒" in html
        assert "如何与孩子谈论毒品的危害" in html

    def test_pages_with_the_query_in_their_title_come_first(self, client, tree):
        add_page(tree["home"], ArticlePage, "冰毒的危害", slug="meth-harm", summary="认识冰毒。")
        add_page(tree["home"], ArticlePage, "校园通讯", slug="newsletter", summary="本期谈冰毒。")
        found = titles(client.get("/search/", {"q": "冰毒"}))
        assert found[0] == "冰毒的危害"
        assert set(found) == {"冰毒的危害", "校园通讯", "甲基苯丙胺"}


def build_english_tree():
    zh = build_tree()
    en_meth = zh["en_meth"]
    en_meth.street_names = [("name", "Ice"), ("name", "Crystal meth"), ("name", "bing (冰)")]
    en_meth.summary = "A stimulant sold as clear crystals."
    en_meth.save_revision().publish()
    en_home = en_meth.get_parent().get_parent().specific
    translate(zh["ketamine"], "en", title="Ketamine", street_names=[("name", "K powder"), ("name", "Special K")],
              summary="An anaesthetic misused as a party drug.")
    # Older pages whose titles hold "ice" inside longer words.
    for title, slug in [("Advice for parents", "advice"), ("Police and the law", "police"),
                        ("Office hours", "office")]:
        add_page(en_home, ArticlePage, title, slug=slug, summary="Where to find the service you need.")
    add_page(en_home, ArticlePage, "A drug-free school", slug="drug-free-school",
             summary="Every class can stay free of drug use.")
    return {**zh, "en_home": en_home}


shared_english_tree, english_tree = class_tree_fixtures(build_english_tree, "english_tree")


def kinds(response):
    html = response.content.decode()
    return re.findall(r'<p class="result__kind">([^<]*)</p>', html)


@pytest.mark.django_db
class TestWordsAndNames:
    """English words match whole words (stemmed); a drug's name or street name puts it first."""

    def test_a_word_does_not_match_inside_longer_words(self, client, english_tree):
        found = titles(client.get("/en/search/", {"q": "ice"}))
        assert found == ["Methamphetamine"]

    def test_part_of_an_english_word_finds_nothing(self, client, english_tree):
        # Chinese falls back to a substring match; "hool" is not a word of "school".
        response = client.get("/en/search/", {"q": "hool"})
        assert titles(response) == []
        assert response.status_code == 200

    @pytest.mark.parametrize("query", ["drugs", "Drug", "using", "uses"])
    def test_english_words_match_their_other_forms(self, client, english_tree, query):
        assert "A drug-free school" in titles(client.get("/en/search/", {"q": query}))

    def test_a_street_name_puts_its_drug_first(self, client, english_tree):
        add_page(english_tree["en_home"], ArticlePage, "Ice: what parents should know", slug="ice-parents",
                 summary="Ice is a drug.")
        found = titles(client.get("/en/search/", {"q": "ice"}))
        assert found == ["Methamphetamine", "Ice: what parents should know"]
        found = titles(client.get("/en/search/", {"q": "Crystal  meth"}))
        assert found[0] == "Methamphetamine"
        # "bing (冰)": the part before the brackets is a street name too.
        add_page(english_tree["en_home"], ArticlePage, "Bing: a name to know", slug="bing", summary="Slang.")
        assert titles(client.get("/en/search/", {"q": "bing"}))[0] == "Methamphetamine"

    def test_a_chinese_street_name_puts_its_drug_first(self, client, english_tree):
        add_page(english_tree["home"], ArticlePage, "K粉的危害", slug="k-harm", summary="K粉伤害膀胱。")
        found = titles(client.get("/search/", {"q": "K粉"}))
        assert found[0] == "氯胺酮"
        assert "K粉的危害" in found
        # One character that is a street name: 冰 is methamphetamine.
        assert titles(client.get("/search/", {"q": "冰"}))[0] == "甲基苯丙胺"

    def test_a_drugs_name_puts_it_first(self, client, english_tree):
        add_page(english_tree["en_home"], ArticlePage, "Ketamine and the bladder", slug="ketamine-bladder",
                 summary="What ketamine does.")
        assert titles(client.get("/en/search/", {"q": "ketamine"}))[0] == "Ketamine"

    def test_result_labels_are_plain_words_in_the_visitors_language(self, client, english_tree):
        assert set(kinds(client.get("/search/", {"q": "毒"}))) == {"毒品百科", "毒品", "文章"}
        assert set(kinds(client.get("/en/search/", {"q": "drug"}))) == {"Drug", "Article"}
        translate(english_tree["article"], "zh-hant", title="家長須知", summary="如何與孩子談論毒品的危害。")
        translate(english_tree["ketamine"], "zh-hant", title="氯胺酮", summary="一種毒品，俗稱K粉。")
        assert set(kinds(client.get("/zh-hant/search/", {"q": "毒品"}))) >= {"毒品", "文章"}
