"""Every language whole (issue 18): an English page shows no Chinese, and a
Traditional page no Simplified-only character, except in an element whose lang
says so (a drug's Chinese name, a Chinese postal address, the language
switcher). Marked text is also what a screen reader needs to read it aloud
in the right voice."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from opencc import OpenCC
from wagtail.models import Page

from quizzes.models import Quiz

# CJK ideographs and CJK punctuation and full-width forms (，。「」（）：).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

_s2t = OpenCC("s2t")


def _traditional_characters() -> set:
    """Every character OpenCC offers as a Traditional form. 干 (干擾), 台 and
    里 are changed by s2t on their own, yet they are Traditional characters
    too; only a character that is never a Traditional form is Simplified-only."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    chars = set()
    # Taiwan's and Hong Kong's standard forms count too (秘, 裡): core/chinese.py writes s2tw.
    for name in ("STCharacters.txt", "TWVariants.txt", "HKVariants.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                chars.update(line.split("\t", 1)[1].split())
    return chars


TRADITIONAL = _traditional_characters()


def simplified_only(text: str) -> set:
    return {c for c in text if CJK.match(c) and _s2t.convert(c) != c and c not in TRADITIONAL}


VISIBLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LangText(HTMLParser):
    """(lang in force, text) for each text a visitor sees or hears."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.texts = []

    def lang(self):
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang", self.lang())
        if tag not in VOID:
            self.stack.append((tag, lang))
        for name in VISIBLE_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append((lang, f"[{tag} {name}] {attrs[name]}"))
        if tag == "meta" and attrs.get("name") == "description" and attrs.get("content"):
            self.texts.append((lang, f"[meta description] {attrs['content']}"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        if data.strip():
            self.texts.append((self.lang(), data.strip()))


def texts_of(html: str):
    parser = LangText()
    parser.feed(html)
    return parser.texts


def chinese_lang(lang: str) -> bool:
    return lang.lower().split("-")[0] == "zh"


def english_faults(html: str) -> list:
    return [text for lang, text in texts_of(html) if CJK.search(text) and not chinese_lang(lang)]


def traditional_faults(html: str) -> list:
    return [
        (text, "".join(sorted(simplified_only(text))))
        for lang, text in texts_of(html)
        if lang.lower() != "zh-hans" and simplified_only(text)
    ]


def public_paths(prefix: str, language: str, query: str) -> list:
    """Every live public page of the language, and the views that are not pages.
    Search looks for a word in the page's own language: the results page
    repeats what the visitor typed, whatever its language."""
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).specific()
    paths = sorted({page.get_url() for page in pages if page.get_url()})
    views = ["tips/", "tips/status/", "quiz/", "privacy/", "calendar/", f"search/?q={query}", "sitemap/"]
    views += [f"quiz/practice/{pk}/" for pk in Quiz.objects.filter(is_practice=True).values_list("pk", flat=True)]
    return paths + [prefix + view for view in views]


def collect(client, paths, faults) -> str:
    """Each faulty text once, with the pages that show it ("" when none)."""
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "text/html" in response["Content-Type"], path
        for fault in faults(response.content.decode()):
            found.setdefault(str(fault), []).append(path)
    return "\n".join(f"{fault}\n    on {len(on)} page(s): {', '.join(on[:3])}" for fault, on in found.items())


@pytest.mark.django_db
class TestEveryLanguageWhole:
    def test_the_check_sees_what_a_reader_would(self):
        html = ('<html lang="en"><body><p>Meth (<span lang="zh-Hans">冰毒</span>)</p>'
                '<p>Call 禁毒办</p><img alt="社区"></body></html>')
        assert english_faults(html) == ["Call 禁毒办", "[img alt] 社区"]
        hant = '<html lang="zh-Hant"><p>為了遠離毒品</p><p>为了</p><nav lang="zh-Hans">简体</nav><p>干擾 台灣 裡</p></html>'
        assert traditional_faults(hant) == [("为了", "为")]

    def test_english_pages_show_no_unmarked_chinese(self, client, demo):
        paths = public_paths("/en/", "en", "meth")
        assert len(paths) > 20, paths
        faults = collect(client, paths, english_faults)
        assert not faults, "\n" + faults

    def test_traditional_pages_show_no_simplified_only_character(self, client, demo):
        paths = public_paths("/zh-hant/", "zh-hant", "%E5%86%B0%E6%AF%92")
        assert len(paths) > 20, paths
        faults = collect(client, paths, traditional_faults)
        assert not faults, "\n" + faults
