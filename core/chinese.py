"""Simplified → Traditional Chinese with OpenCC, one conversion for the whole site.

The demo's zh-hant pages (education/demo/builder.py), the editors' machine
translator (core/machine_translation.py), the organisation's and
communities' names in zh-hant all use ``to_traditional_text``.

OpenCC's "s2tw" table gives Taiwan's standard characters (為, 裡, 著), unlike
"s2t" (爲, 裏) and "s2hk" (裏, 台). Its phrase table "s2twp" was compared on
the demo text and rejected: besides the Taiwan words it wants (資訊, 網路,
軟體, 列印) it turns 社区 into 社群 (an online group, not a neighbourhood:
社群戒毒 is wrong), 通过 (a law passed) into 透過 and 服务对象 into 服務物件.
So the character table is used, and the few Taiwan words and the drug terms
OpenCC gets wrong are in ``TERM_OVERRIDES``.
"""

import re
from functools import lru_cache

from opencc import OpenCC

# Simplified term → its Traditional form where OpenCC's s2tw is wrong or not
# what a Taiwan or Hong Kong reader expects. Checked against the demo's key
# terms in tests/core/test_traditional_chinese.py.
TERM_OVERRIDES = {
    # Drug and anti-drug terms.
    "依托咪酯": "依托咪酯",  # the drug's name keeps 托 (s2tw: 依託咪酯)
    "乙酰": "乙醯",  # chemical names: 二乙醯嗎啡 (heroin)
    "销毁": "銷毀",  # 虎門銷毀鴉片 (s2tw: 銷燬)
    "发布": "發布",
    "公布": "公布",
    "社区": "社區",  # never 社群 (an online group)
    # A law's title is a proper name: the PRC law keeps its words (信息, not 資訊).
    "个人信息保护法": "個人信息保護法",
    # Taiwan words for things the site talks about.
    "信息": "資訊",
    "网络": "網路",
    "软件": "軟體",
    "视频": "影片",
    "打印": "列印",
    "塑料": "塑膠",
    "搜索": "搜尋",
}

# Traditional Chinese quotes with corner brackets (「」, and 『』 inside them);
# Simplified text uses curly quotes. Only the double curly quotes are mapped:
# a single curly one is also an apostrophe in English words.
QUOTES = str.maketrans({"“": "「", "”": "」"})

_converter = OpenCC("s2tw")
_overrides = re.compile("|".join(re.escape(term) for term in sorted(TERM_OVERRIDES, key=len, reverse=True)))


@lru_cache(maxsize=8192)
def to_traditional_text(text: str) -> str:
    """``text`` in Traditional Chinese; anything not Chinese is left as it is.

    Cached: the demo and the chrome convert the same strings again and again,
    and OpenCC's pure-Python converter is slow.
    """
    if not text or text.isascii():
        return text
    parts, start = [], 0
    for match in _overrides.finditer(text):
        parts.append(_converter.convert(text[start : match.start()]))
        parts.append(TERM_OVERRIDES[match.group()])
        start = match.end()
    parts.append(_converter.convert(text[start:]))
    return "".join(parts).translate(QUOTES)


def to_traditional_html(html: str) -> str:
    """Convert the text of an HTML fragment; the markup stays byte for byte.

    OpenCC maps Chinese characters only, and tags, attribute names and
    entities are ASCII, so the fragment is converted whole: a phrase split by
    inline markup (<b>社区</b>戒毒) still converts as one text would.
    """
    return to_traditional_text(html)
