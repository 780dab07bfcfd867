"""Chinese-aware search: segmented words, traditional input, short queries, bad input."""

import pytest

from core.search import segment_for_index, segment_query
from education.choices import DrugCategory
from education.models import ArticlePage, DrugIndexPage, DrugPage
from tests.utils import add_page, make_site, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    home = make_site()
    index = add_page(home, DrugIndexPage, "毒品百科", slug="drugs")
    meth = add_page(
        index, DrugPage, "甲基苯丙胺", slug="meth", category=DrugCategory.SYNTHETIC,
        street_names="冰、溜冰、Ice",
        summary="甲基苯丙胺俗称冰毒，是一种中枢神经兴奋剂。",
    )
    ketamine = add_page(
        index, DrugPage, "氯胺酮", slug="ketamine", category=DrugCategory.SYNTHETIC,
        street_names="K粉、K仔", summary="一种麻醉药，滥用时称为K粉。",
    )
    mdma = add_page(
        index, DrugPage, "亚甲二氧基甲基苯丙胺", slug="mdma", street_names="摇头丸、MDMA",
        summary="常被压制成彩色药片。",
    )
    article = add_page(home, ArticlePage, "家长须知", slug="parents", summary="如何与孩子谈论毒品的危害。")
    en_meth = translate(meth, "en", title="Methamphetamine", summary="Known as ice or crystal meth.")
    return {"home": home, "meth": meth, "ketamine": ketamine, "mdma": mdma, "article": article,
            "en_meth": en_meth}


def titles(response):
    return [page.title for page in response.context["results_page"].object_list]


def test_segmentation_splits_a_word_out_of_a_run_of_chinese():
    assert "冰毒" in segment_for_index("甲基苯丙胺俗称冰毒").split()
    assert segment_query("俗称冰毒") == ["俗称", "冰毒"]


def test_finds_word_inside_a_run_of_chinese(client, tree):
    response = client.get("/search/", {"q": "冰毒"})
    assert response.status_code == 200
    assert titles(response) == ["甲基苯丙胺"]


def test_finds_mixed_latin_and_chinese_street_name(client, tree):
    assert "氯胺酮" in titles(client.get("/search/", {"q": "K粉"}))
    assert "氯胺酮" in titles(client.get("/search/", {"q": "k粉"}))


def test_traditional_query_finds_simplified_page(client, tree):
    assert titles(client.get("/search/", {"q": "搖頭丸"})) == ["亚甲二氧基甲基苯丙胺"]


def test_one_character_query_falls_back_to_substring(client, tree):
    found = titles(client.get("/search/", {"q": "毒"}))
    assert "甲基苯丙胺" in found
    assert "家长须知" in found


def test_results_are_in_the_visitors_language(client, tree):
    found = titles(client.get("/en/search/", {"q": "ice"}))
    assert found == ["Methamphetamine"]
    assert "Methamphetamine" not in titles(client.get("/search/", {"q": "冰"}))


def test_word_missing_from_every_page_finds_nothing(client, tree):
    response = client.get("/search/", {"q": "海洛因"})
    assert response.status_code == 200
    assert titles(response) == []


@pytest.mark.parametrize(
    "query",
    ["", "   ", "x" * 2000, "冰" * 2000, '"', '"冰毒', "*", "冰*", "AND(", "NEAR", "NEAR(冰 毒)",
     "OR AND NOT", "'; DROP TABLE x;--", "\\", "{}[]", "\x00", "😀"],
)
def test_any_input_gives_a_results_page(client, tree, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "results_page" in response.context


def test_search_page_is_paginated_and_survives_a_bad_page_number(client, tree):
    response = client.get("/search/", {"q": "毒", "page": "abc"})
    assert response.status_code == 200
    response = client.get("/search/", {"q": "毒", "page": "999"})
    assert response.status_code == 200


def test_unpublished_pages_are_not_found(client, tree):
    tree["ketamine"].unpublish()
    assert "氯胺酮" not in titles(client.get("/search/", {"q": "K粉"}))


def test_results_show_each_pages_summary_without_loading_pages_one_by_one(
    client, tree, django_assert_max_num_queries
):
    client.get("/search/", {"q": "毒品"})  # the header, footer and menu are built once per publish
    # The match, then one query per page type shown (drug pages, articles): not one per result.
    with django_assert_max_num_queries(6):
        response = client.get("/search/", {"q": "毒"})
    html = response.content.decode()
    assert "甲基苯丙胺俗称冰毒" in html
    assert "如何与孩子谈论毒品的危害" in html


def test_pages_with_the_query_in_their_title_come_first(client, tree):
    add_page(tree["home"], ArticlePage, "冰毒的危害", slug="meth-harm", summary="认识冰毒。")
    add_page(tree["home"], ArticlePage, "校园通讯", slug="newsletter", summary="本期谈冰毒。")
    found = titles(client.get("/search/", {"q": "冰毒"}))
    assert found[0] == "冰毒的危害"
    assert set(found) == {"冰毒的危害", "校园通讯", "甲基苯丙胺"}
