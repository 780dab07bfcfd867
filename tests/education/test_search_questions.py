"""Search that understands a question (issue 18): particles dropped, any word
matches and more words rank higher, synonyms, and a drug's Chinese name on the
English site. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.search import query_groups, segment_query
from core.search_words import SYNONYMS
from education.choices import DrugCategory
from education.models import ArticlePage
from tests.utils import add_page, class_tree_fixtures, drug_tree, translate

BENCH_TERMS = Path(__file__).resolve().parents[2] / "bench" / "search_terms.txt"
NOTHING_MATCHED = "Nothing matched. Check the spelling, try a shorter or different word, or browse the menu above."


def build_tree():
    # No page says 危害 next to 冰毒 or 大麻, "marijuana" or "meth": the words a
    # visitor types are not the words the pages use.
    tree = drug_tree(
        meth={"title": "冰毒", "slug": "meth", "category": DrugCategory.SYNTHETIC, "scientific_name": "甲基苯丙胺",
              "street_names": [("name", "冰"), ("name", "溜冰")], "summary": "一种中枢神经兴奋剂，外观为透明晶体。"},
        cannabis={"title": "大麻", "slug": "cannabis", "street_names": [("name", "叶子")],
                  "summary": "由大麻植物的叶和花制成。"},
    )
    home = tree["home"]
    harm = add_page(home, ArticlePage, "毒品的危害", slug="harm", summary="吸毒损害身体和大脑。")
    add_page(home, ArticlePage, "校园禁毒活动", slug="school-event", summary="同学们参加了禁毒知识竞赛。")
    en_meth = translate(tree["meth"], "en", title="Methamphetamine", scientific_name="Methamphetamine",
                        street_names=[("name", "Ice")], summary="A stimulant sold as clear crystals.")
    en_cannabis = translate(tree["cannabis"], "en", title="Cannabis", street_names=[("name", "Weed")],
                            summary="Dried leaves and flowers of the plant.")
    en_home = en_meth.get_parent().get_parent().specific
    add_page(en_home, ArticlePage, "Talking with your teenager", slug="talking", summary="Listen first.")
    return {**tree, "harm": harm, "en_meth": en_meth, "en_cannabis": en_cannabis, "en_home": en_home}


shared_tree, tree = class_tree_fixtures(build_tree)


def titles(response):
    assert response.status_code == 200
    return [page.title for page in response.context["results_page"].object_list]


def ui(text, language):
    """A UI string as a visitor of ``language`` reads it in the page's HTML."""
    with translation.override(language):
        return escape(gettext(text))


@pytest.mark.django_db
class TestQuestions:
    @pytest.mark.parametrize(
        ("query", "drug"),
        [("冰毒的危害", "冰毒"), ("冰毒 危害", "冰毒"), ("大麻危害", "大麻"), ("大麻的危害是什么", "大麻"),
         ("冰毒怎么了吗", "冰毒")],
    )
    def test_a_question_finds_its_drug_first_and_pages_on_the_other_words(self, client, tree, query, drug):
        found = titles(client.get("/search/", {"q": query}))
        assert found[0] == drug
        if "危害" in query:
            assert "毒品的危害" in found
        assert "校园禁毒活动" not in found  # it holds none of the words

    def test_a_page_holding_more_of_the_words_comes_first(self, client, tree):
        add_page(tree["home"], ArticlePage, "一篇校园通讯", slug="newsletter", summary="冰毒对大脑的危害最大。")
        found = titles(client.get("/search/", {"q": "冰毒 危害"}))
        assert found[:3] == ["一篇校园通讯", "冰毒", "毒品的危害"]

    @pytest.mark.parametrize(("query", "drug"), [("marijuana", "Cannabis"), ("meth", "Methamphetamine"),
                                                 ("what is marijuana", "Cannabis"), ("Meth", "Methamphetamine")])
    def test_english_synonyms_find_the_drug(self, client, tree, query, drug):
        found = titles(client.get("/en/search/", {"q": query}))
        assert found[0] == drug
        assert "Talking with your teenager" not in found

    @pytest.mark.parametrize("query", ["冰毒", "冰毒的危害", "甲基苯丙胺", "溜冰"])
    def test_a_chinese_name_on_the_english_site_finds_the_english_page(self, client, tree, query):
        found = titles(client.get("/en/search/", {"q": query}))
        assert found[0] == "Methamphetamine"
        assert "冰毒" not in found  # the visitor's language only

    def test_an_english_name_on_the_chinese_site_finds_the_chinese_page(self, client, tree):
        assert titles(client.get("/search/", {"q": "marijuana"}))[0] == "大麻"

    @pytest.mark.parametrize(("path", "language"), [("/search/", "zh-hans"), ("/en/search/", "en")])
    @pytest.mark.parametrize("query", ["xqzvw", "的吗", "qzx vwk", "㐀㐁㐂"])
    def test_nonsense_says_nothing_matched_in_the_visitors_language(self, client, tree, path, language, query):
        response = client.get(path, {"q": query})
        assert titles(response) == []
        assert ui(NOTHING_MATCHED, language) in response.content.decode()

    def test_every_benchmark_term_gives_a_results_page(self, client, tree):
        terms = [t for t in BENCH_TERMS.read_text(encoding="utf-8").splitlines() if t.strip()]
        assert len(terms) == 200
        for term in terms:
            assert query_groups(term), term
            response = client.get("/search/", {"q": term})
            assert response.status_code == 200, term
        # The terms that name a page of this tree still find it.
        for term, title in [("冰毒", "冰毒"), ("冰毒的危害", "冰毒"), ("溜冰", "冰毒"), ("大麻合法吗", "大麻"),
                             ("毒品的危害", "毒品的危害"), ("marijuana", "大麻"), ("叶子", "大麻")]:
            assert term in terms
            assert titles(client.get("/search/", {"q": term}))[0] == title, term


@pytest.mark.parametrize("entry", [entry for group in SYNONYMS for entry in group])
def test_every_synonym_is_one_word_as_search_splits_it(entry):
    assert len(segment_query(entry)) == 1, segment_query(entry)


def test_particles_are_dropped_unless_nothing_else_is_left():
    assert [g.words[0] for g in query_groups("冰毒的危害是什么")] == ["冰毒", "危害"]
    assert [g.words[0] for g in query_groups("什么")] == ["什么"]
