"""The interface is in the visitor's language, and the catalogues in locale/ are complete.

The UI strings are English in the source; locale/ holds zh_Hans (translated by
hand), zh_Hant (generated from zh_Hans) and en (msgstr = msgid). `make messages`
refreshes them; these tests fail if a catalogue was left incomplete or uncompiled.
"""

import importlib.util
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tests.utils import make_site, shared_test_data, translate

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = ["zh_Hans", "zh_Hant", "en"]
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sd]|%[sd]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def po_file(lang):
    return polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def chinese_ui_strings(lang):
    """Every translated UI string of a Chinese catalogue (two characters or more)."""
    return {
        text for entry in po_file(lang) for text in translations(entry) if len(text) >= 2 and HAN.search(text)
    }


# ---------------------------------------------------------------- rendered pages


@pytest.fixture(scope="class")
def site(django_db_setup, django_db_blocker):
    """Home pages in the three languages, built once for the class (the pages are only read)."""
    with shared_test_data(django_db_blocker):
        home = make_site()
        translate(home, "en", title="Home", slug="home-en")
        translate(home, "zh-hant", title="首頁", slug="home-zh-hant")
        yield


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def header_search_button(body):
    match = re.search(r'<form class="search-form" role="search".*?<button[^>]*>(.*?)</button>', body, re.S)
    assert match, "header search form not found"
    return match.group(1).strip()


@pytest.mark.django_db
class TestPagesInEachLanguage:
    @pytest.mark.parametrize("prefix", ["/", "/no-such-page-xyz/"])
    def test_simplified_chinese_pages(self, client, site, prefix):
        body = get(client, prefix, 200 if prefix == "/" else 404)
        assert '<html lang="zh-Hans">' in body
        assert header_search_button(body) == "搜索"
        assert "跳到主要内容" in body
        assert "珍爱生命，远离毒品" in body
        for english in ("Skip to content", "Search this site", "Anti-drug education and help", ">Home<"):
            assert english not in body

    @pytest.mark.parametrize("path", ["/en/", "/en/no-such-page-xyz/"])
    def test_english_pages_have_no_chinese_ui_text(self, client, site, path):
        body = get(client, path, 200 if path == "/en/" else 404)
        assert '<html lang="en">' in body
        assert header_search_button(body) == "Search"
        assert "Skip to content" in body
        assert "Cherish life, stay away from drugs" in body
        leaked = sorted(s for s in chinese_ui_strings("zh_Hans") | chinese_ui_strings("zh_Hant") if s in body)
        assert leaked == []

    @pytest.mark.parametrize("path", ["/zh-hant/", "/zh-hant/no-such-page-xyz/"])
    def test_traditional_chinese_pages(self, client, site, path):
        body = get(client, path, 200 if path == "/zh-hant/" else 404)
        assert '<html lang="zh-Hant">' in body
        assert header_search_button(body) == "搜尋"  # the word Traditional readers use (core/chinese.py)
        assert "跳到主要內容" in body and "跳到主要内容" not in body
        assert "珍愛生命，遠離毒品" in body
        assert "Skip to content" not in body
        hant = {e.msgid: e.msgstr for e in po_file("zh_Hant") if not e.msgid_plural}
        simplified_only = sorted(
            e.msgstr
            for e in po_file("zh_Hans")
            if not e.msgid_plural and len(e.msgstr) >= 2 and e.msgstr != hant.get(e.msgid) and e.msgstr in body
        )
        assert simplified_only == []


@pytest.mark.parametrize(
    "language, expected",
    [("zh-hans", "抱歉，系统出现错误"), ("en", "Something went wrong"), ("zh-hant", "抱歉，系統出現錯誤")],
)
def test_server_error_page_is_translated(language, expected):
    with translation.override(language):
        assert expected in render_to_string("500.html")


# ---------------------------------------------------------------- catalogues


@pytest.mark.parametrize("lang", CATALOGUES)
def test_catalogue_has_no_fuzzy_or_untranslated_entries(lang):
    po = po_file(lang)
    assert len(po) > 100
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    assert [e.msgid for e in po if not all(translations(e))] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    nplurals = "2" if lang == "en" else "1"
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={nplurals};")
    assert all(len(translations(e)) == int(nplurals) for e in po if e.msgid_plural)


@pytest.mark.parametrize("lang", CATALOGUES)
def test_placeholders_are_kept(lang):
    for entry in po_file(lang):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == wanted, entry.msgid


def test_english_catalogue_is_the_identity():
    for entry in po_file("en"):
        expected = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        assert translations(entry) == expected


def test_all_catalogues_have_the_same_msgids():
    keys = [sorted((e.msgctxt or "", e.msgid) for e in po_file(lang)) for lang in CATALOGUES]
    assert keys[0] == keys[1] == keys[2]


def test_chinese_list_separator_and_colons():
    for lang in ("zh_Hans", "zh_Hant"):
        po = po_file(lang)
        assert po.find(", ", msgctxt="list separator").msgstr == "、"
        for entry in po:
            if entry.msgid.endswith(":"):
                assert entry.msgstr.endswith("：") and ":" not in entry.msgstr, entry.msgid


def test_traditional_catalogue_is_generated_from_simplified():
    """zh_Hant = OpenCC(zh_Hans) + the fixes in scripts/po_tools.py; `make messages` rebuilds it."""
    spec = importlib.util.spec_from_file_location(
        "po_tools", Path(settings.BASE_DIR) / "scripts" / "po_tools.py"
    )
    po_tools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(po_tools)
    hant = {(e.msgctxt, e.msgid): translations(e) for e in po_file("zh_Hant")}
    for entry in po_file("zh_Hans"):
        assert hant[(entry.msgctxt, entry.msgid)] == [po_tools.to_hant(t) for t in translations(entry)]


@pytest.mark.parametrize("lang", CATALOGUES)
def test_mo_file_matches_po_file(lang):
    """The .mo files are committed, so they must hold exactly what the .po says
    (compared by content: a git checkout does not keep modification times)."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    assert (folder / "django.mo").exists(), f"run `make messages` to compile {lang}"

    def table(entries):
        return {(e.msgctxt, e.msgid): tuple(translations(e)) for e in entries if e.msgid}

    po = table(e for e in po_file(lang) if "fuzzy" not in e.flags)
    mo = table(polib.mofile(str(folder / "django.mo")))
    assert mo == po, f"locale/{lang}/LC_MESSAGES/django.mo is stale: run `make messages`"
