"""Readable slugs for pages titled in Chinese.

The site's slugs are ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS = False): a path is
typed, printed on posters and shared in WeChat, where percent-encoded Chinese
is unreadable. Wagtail's slugify then drops every Chinese character, so
"2027年国际禁毒日宣传" became "2027". Such a page gets its title in pinyin
instead, one syllable per word: "2027-nian-guo-ji-jin-du-ri-xuan-chuan".
"""

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin

CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_LENGTH = 80


def has_chinese(text: str) -> bool:
    return bool(CHINESE.search(text or ""))


def pinyin_slug(title: str) -> str:
    """The title in pinyin as a slug; text that is not Chinese stays as it is."""
    slug = slugify("-".join(part.strip() for part in lazy_pinyin(title)))
    return slug[:MAX_LENGTH].rstrip("-")
