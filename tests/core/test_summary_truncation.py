"""Card summaries are cut at a word boundary in English, anywhere in Chinese."""

import pytest
from django.template.loader import render_to_string

from core.templatetags.core_tags import shorten
from education.models import ArticlePage
from tests.utils import add_page, make_site

ENGLISH = ("Controlled substances are drugs whose making, sale and use are regulated "
           "by law because they are addictive and harmful.")
CHINESE = "新型毒品伪装成奶茶粉、咖啡包、跳跳糖等日常食品，迷惑性强，青少年容易在不知情的情况下误食，家长和学校要提高警惕。" * 2


def test_english_is_cut_between_words():
    cut = shorten(ENGLISH, 90)
    assert len(cut) <= 90 and cut.endswith("…")
    assert cut[:-1] == ENGLISH[: len(cut) - 1]
    assert ENGLISH[len(cut) - 1] == " "  # the next character was a space: no word was cut


def test_a_word_is_never_cut_in_half():
    assert shorten("Controlled substances", 15) == "Controlled…"


def test_chinese_is_cut_by_characters():
    cut = shorten(CHINESE, 90)
    assert len(cut) == 90 and cut == CHINESE[:89] + "…"


def test_short_text_is_left_alone():
    assert shorten("Heroin", 90) == "Heroin"


@pytest.mark.django_db
def test_an_english_card_does_not_end_mid_word():
    home = make_site()
    summary = ("Disguised new drugs look like milk tea powder, coffee packs and sweets. "
               "Most of them are Controlled substances.")
    article = add_page(home, ArticlePage, "Disguised new drugs", slug="disguised", summary=summary)
    html = render_to_string("includes/card.html", {"card_page": article})
    assert "Most of them are…</p>" in html


def test_no_punctuation_before_the_ellipsis():
    assert shorten("Sold as “head-rush” e-cigarettes. Long-term use", 35) == "Sold as “head-rush” e-cigarettes…"
    assert shorten("新型毒品伪装性强，家长要提高警惕", 9) == "新型毒品伪装性强…"
