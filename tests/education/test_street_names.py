"""Street names are a list: a name may hold commas inside brackets, each name is
one chip, one A–Z entry item and one segment for translators."""

import html
import importlib
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource

from education.models import DrugIndexPage, DrugPage
from tests.utils import add_page, class_tree_fixtures, drug_tree, get_locale, make_site, translate

migration = importlib.import_module("education.migrations.0002_street_names_as_list")

EN_NAMES = ["bing (冰, ice)", "liu bing (溜冰)", "magu (麻古, meth tablets)"]


def names(*values):
    return [("name", value) for value in values]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("冰、溜冰、猪肉、Ice、麻古", ["冰", "溜冰", "猪肉", "Ice", "麻古"]),
        (
            "bing (冰, ice), liu bing (溜冰), Ice, magu (麻古, meth tablets)",
            ["bing (冰, ice)", "liu bing (溜冰)", "Ice", "magu (麻古, meth tablets)"],
        ),
        ("咖啡包（奶茶粉，果冻）；跳跳糖;开心水，神仙水", ["咖啡包（奶茶粉，果冻）", "跳跳糖", "开心水", "神仙水"]),
        ("K粉\nK仔 ,, 克粉", ["K粉", "K仔", "克粉"]),
        ("", []),
    ],
)
def test_old_comma_separated_text_splits_outside_brackets_in_order(text, expected):
    assert migration.split_street_names(text) == expected


def build_tree():
    tree = drug_tree(drug={"title": "冰毒", "slug": "ice", "street_names": names("冰", "溜冰", "麻古")})
    translate(tree["drugs"], "en", title="Drug encyclopedia")
    tree["drug_en"] = translate(tree["drug"], "en", title="Methamphetamine", street_names=names(*EN_NAMES))
    return tree


shared_tree, tree = class_tree_fixtures(build_tree)


@pytest.mark.django_db
class TestStreetNames:
    def test_english_drug_page_shows_one_chip_per_name_brackets_and_all(self, client, tree):
        html = client.get(tree["drug_en"].url).content.decode()
        # Each Chinese name is marked as Chinese, for a screen reader's voice (issue 18).
        for name in EN_NAMES:
            marked = re.sub(r"([\u4e00-\u9fff]+)", r'<span lang="zh-Hans">\1</span>', name)
            assert f'<li class="chip">{marked}</li>' in html
        assert '<li class="chip">bing (冰</li>' not in html

    def test_a_to_z_card_lists_the_names_whole(self, client, tree):
        html = client.get("/en/drugs/").content.decode()
        assert ('bing (<span lang="zh-Hans">冰</span>, ice), liu bing (<span lang="zh-Hans">溜冰</span>), '
                'magu (<span lang="zh-Hans">麻古</span>, meth tablets)') in html

    def test_each_name_is_its_own_segment_in_the_translation_editor(self, client, tree):
        source, _ = TranslationSource.get_or_create_from_instance(tree["drug"])
        strings = {segment.string.data for segment in source.stringsegment_set.select_related("string")}
        assert {"冰", "溜冰", "麻古"} <= strings
        assert not any("、" in s for s in strings)

        # What a translator sees: the editor of a page translated with localize.
        translate(tree["drugs"], "zh-hant", title="毒品百科")
        Translation.objects.create(source=source, target_locale=get_locale("zh-hant")).save_target(publish=False)
        hant = DrugPage.objects.get(locale__language_code="zh-hant")
        admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        client.force_login(admin)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[hant.pk]))
        assert response.status_code == 200
        props = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode())
        segments = json.loads(html.unescape(props.group(1)))["segments"]
        street_sources = [seg["source"] for seg in segments if seg.get("contentPath", "").startswith("street_names.")]
        assert street_sources == ["冰", "溜冰", "麻古"]

    def test_street_names_are_searchable_whole(self, client, tree):
        from core.search import segment_query

        assert "麻古" in segment_query("麻古是什么")
        html = client.get("/search/", {"q": "溜冰"}).content.decode()
        assert "冰毒" in html


# Migrating runs outside a test transaction (SQLite alters tables only there).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_turns_existing_text_into_names_in_order():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import Page

    # An earlier transactional test's flush may have removed the tree's root.
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=get_locale("zh-hans")))
    home = make_site()
    drugs = add_page(home, DrugIndexPage, "Drugs", slug="drugs")
    drug = add_page(drugs, DrugPage, "Methamphetamine", slug="meth")
    before, after = [("education", "0001_initial")], [("education", "0002_street_names_as_list")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_apps.get_model("education", "DrugPage").objects.filter(pk=drug.pk).update(
        street_names="bing (冰, ice), liu bing (溜冰)、Ice；magu (麻古, meth tablets)"
    )
    # A draft saved before the change holds the text too.
    revision = drug.latest_revision
    revision.content["street_names"] = "K粉、K仔（克粉, K）"
    type(revision).objects.filter(pk=revision.pk).update(content=revision.content)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    drug = DrugPage.objects.get(pk=drug.pk)
    assert drug.street_name_list == ["bing (冰, ice)", "liu bing (溜冰)", "Ice", "magu (麻古, meth tablets)"]
    revision.refresh_from_db()
    assert revision.as_object().street_name_list == ["K粉", "K仔（克粉, K）"]
