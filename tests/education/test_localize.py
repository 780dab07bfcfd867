"""Editors translate pages with wagtail-localize: every page type's
translatable fields extract into segments and come back as a live translation."""

import pytest
from wagtail_localize.models import StringTranslation, TranslationSource

from education.models import ArticlePage, DrugIndexPage, DrugPage, HelpPage, NewsIndexPage, NewsPage
from tests.utils import add_page, get_locale, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    home = make_site()
    drugs = add_page(home, DrugIndexPage, "毒品百科", slug="drugs", intro="<p>认识毒品。</p>")
    news = add_page(home, NewsIndexPage, "禁毒动态", slug="news")
    return {
        "home": home,
        "drugs": drugs,
        "drug": add_page(drugs, DrugPage, "冰毒", slug="ice", category="synthetic", street_names=[("name", "冰"), ("name", "溜冰")],
                         effects_body="<p>损害心脏。</p>", legal_status="<p>刑法第347条。</p>"),
        "article": add_page(home, ArticlePage, "拒绝毒品", slug="say-no", summary="珍爱生命。",
                            body=[("paragraph", "<p>远离毒品。</p>"),
                                  ("faq", {"title": "问答", "items": [{"question": "什么是毒品？",
                                                                      "answer": "<p>见第357条。</p>"}]})]),
        "news_index": news,
        "news": add_page(news, NewsPage, "进校园", slug="school", body=[("paragraph", "<p>宣讲。</p>")]),
        "help": add_page(home, HelpPage, "戒毒帮助", slug="help", intro="<p>求助。</p>",
                         services=[("service", {"kind": "hotline", "name": "举报电话", "phone": "110",
                                                "address": "", "hours": "", "note": ""})]),
    }


def translate_with_localize(page, language, translate, capture_on_commit):
    """What the admin's Translate button and translation editor do (localize
    publishes on transaction commit, which tests have to run by hand)."""
    locale = get_locale(language)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    for segment in source.stringsegment_set.select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": translate(segment.string.data)},
        )
    with capture_on_commit(execute=True):
        translated, _ = source.create_or_update_translation(locale, publish=True)
    translated.refresh_from_db()
    assert translated.live
    return translated


def test_every_page_type_translates_through_wagtail_localize(
    client, pages, django_capture_on_commit_callbacks
):
    # Parents first: a translation needs its parent translated.
    for key in ("home", "drugs", "news_index", "drug", "article", "news", "help"):
        page = pages[key]
        translated = translate_with_localize(
            page, "en", lambda text: f"EN {text}", django_capture_on_commit_callbacks
        )
        assert translated.locale.language_code == "en"
        if key != "home":  # home pages are siblings under the root, so their slugs differ
            assert translated.slug == page.slug
        response = client.get(translated.url)
        assert response.status_code == 200, translated.url
        if key != "home":  # the home page shows its hero, not its title
            assert f"EN {page.title}" in response.content.decode()

    drug_en = DrugPage.objects.get(locale__language_code="en")
    assert drug_en.category == "synthetic"  # synchronised, not translated
    assert drug_en.street_name_list == ["EN 冰", "EN 溜冰"] and "EN" in drug_en.legal_status
    article_en = ArticlePage.objects.get(locale__language_code="en")
    assert "EN 什么是毒品？" in client.get(article_en.url).content.decode()
