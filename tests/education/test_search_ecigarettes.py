"""A search for 电子烟 (e-cigarettes) finds the pages that warn about them: the
etomidate page ("上头电子烟") and the warning article, in whichever words a
parent or student types it: 电子烟, 雾化, vape, e-cigarette (issue 18,
core/search_words.py)."""

import pytest

from education.models import ArticlePage
from tests.utils import add_page, class_tree_fixtures, drug_tree, translate


def build_tree():
    # The pages say 电子烟油 and 烟弹, "vape liquid"; none says 雾化 or "e-cigarette".
    tree = drug_tree(
        etomidate={"title": "依托咪酯", "slug": "etomidate", "street_names": [("name", "上头电子烟")],
                   "summary": "医用麻醉药，被不法分子加入电子烟油兜售。"},
        cannabis={"title": "大麻", "slug": "cannabis", "summary": "由大麻植物的叶和花制成。"},
    )
    home = tree["home"]
    add_page(home, ArticlePage, "警惕来路不明的烟弹", slug="pods", summary="没有品牌标识的烟弹可能含有毒品。")
    add_page(home, ArticlePage, "吸烟有害健康", slug="smoking", summary="香烟中的尼古丁会使人上瘾。")
    translate(tree["etomidate"], "en", title="Etomidate", street_names=[("name", "head-rush vapes")],
              summary="A medical anaesthetic added to vape liquid.")
    translate(tree["cannabis"], "en", title="Cannabis", summary="Dried leaves and flowers of the plant.")
    return tree


shared_tree, tree = class_tree_fixtures(build_tree)


def titles(response):
    assert response.status_code == 200
    return [page.title for page in response.context["results_page"].object_list]


@pytest.mark.django_db
class TestECigarettes:
    @pytest.mark.parametrize("query", ["电子烟", "电子烟的危害", "雾化", "電子煙", "vape", "e-cigarette"])
    def test_the_chinese_site_finds_the_e_cigarette_pages(self, client, tree, query):
        found = titles(client.get("/search/", {"q": query}))
        assert set(found[:2]) == {"依托咪酯", "警惕来路不明的烟弹"}, found
        # A page about tobacco says 烟, not 电子烟: it is not what the reader asked for.
        assert "吸烟有害健康" not in found and "大麻" not in found

    @pytest.mark.parametrize("query", ["电子烟", "vape", "vaping", "e-cigarette", "雾化"])
    def test_the_english_site_finds_the_etomidate_page(self, client, tree, query):
        found = titles(client.get("/en/search/", {"q": query}))
        assert found[:1] == ["Etomidate"], found
        assert "Cannabis" not in found
