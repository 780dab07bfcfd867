"""Chinese-aware search on Wagtail's database backend.

The database backend tokenises on spaces and punctuation (SQLite FTS5
unicode61, PostgreSQL's 'simple' config), so a run of Chinese characters is one
token and 冰毒 inside "甲基苯丙胺俗称冰毒" is never found. We therefore:

- at index time, convert traditional to simplified (opencc) and segment with
  jieba (rjieba) in search mode, then store the words separated by spaces
  (``SegmentedSearchField``);
- at query time, do the same to the query (``query_groups``), drop anything
  that is not a word character (so FTS syntax such as ``"``, ``*``, ``NEAR``
  reaches the backend only as quoted plain words), drop particles, give each
  word its synonyms (core/search_words.py), and match pages that hold any
  word, those holding more words first: visitors type questions (冰毒的危害),
  and a page about 冰毒 rarely says 的 or 危害 next to it;
- for one-character Chinese queries, or when Chinese words match nothing, fall
  back to a substring match on the indexed text;
- put first the pages the query names (``register_ranker``: education names a
  drug by its name and street names, in every language of the page), then
  pages whose title holds the query, then those holding more of its words.

Latin words (English, pinyin, "MDMA") are not given to jieba: its dictionary
holds short English words such as "ice" (a street name), and it would split
"advice" into "adv ice". Each run of ASCII letters and digits is one word,
reduced to its English stem (snowball: "drugs" and "drug" are both "drug",
"using" is "use"), the same way at index and query time. A query of Latin
words matches whole words only: no substring fallback.

Both steps use one domain dictionary (``DOMAIN_WORDS`` plus words that apps
register, e.g. every drug's street names), so query and index split alike on
SQLite and PostgreSQL.
"""

import re
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

import rjieba
import snowballstemmer
from django.db.models import IntegerField, Q
from django.db.models.expressions import RawSQL
from opencc import OpenCC
from wagtail.search.index import SearchField

# Words jieba's general dictionary splits or misses, that readers search for.
DOMAIN_WORDS = [
    "冰毒", "海洛因", "大麻", "摇头丸", "K粉", "氯胺酮", "笑气", "一氧化二氮",
    "依托咪酯", "合成大麻素", "彩虹烟", "咖啡包", "奶茶粉", "跳跳糖", "聪明药",
    "甲基苯丙胺", "亚甲二氧基甲基苯丙胺", "新精神活性物质", "芬太尼", "可卡因",
    "鸦片", "吗啡", "杜冷丁", "麻古", "神仙水", "蓝精灵", "邮票", "曲马多",
    "美沙酮", "社区戒毒", "社区康复", "自愿戒毒", "强制隔离戒毒", "禁毒法",
    "禁毒", "毒品", "吸毒", "贩毒", "制毒", "戒毒", "复吸", "涉毒", "禁毒办",
    "虎门销烟", "国际禁毒日", "六进", "南城街道", "东莞",
    # One word, so 电子烟 matches e-cigarette pages and not every page that says 烟 (core/search_words.py).
    "电子烟",
]

MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+")
_t2s = OpenCC("t2s")
_dictionary_lock = threading.Lock()
_dictionary_loaded = False
_word_providers: list[Callable[[], Iterable[str]]] = []
_rankers: list[Callable[[str], Iterable[int]]] = []
_stemmers = threading.local()


def register_word_provider(provider: Callable[[], Iterable[str]]) -> None:
    """Let an app add words to the dictionary (core imports no feature app)."""
    _word_providers.append(provider)


def register_ranker(ranker: Callable[[str], Iterable[int]]) -> None:
    """Let an app name the pages a query means exactly: ``ranker`` gets the
    query (and each of its words) as normalise_query() gives it and returns
    page ids (of any language; the search keeps the visitor's, so a ranker
    that returns a page's translations lets a Chinese name find the English
    page). Those pages come first, and are found even if their indexed text
    lacks the words. Education uses it for a drug's name and street names."""
    _rankers.append(ranker)


def named_pages(needle: str) -> set[int]:
    """Ids of the pages the registered rankers say ``needle`` names."""
    ids: set[int] = set()
    if needle:
        for ranker in _rankers:
            ids.update(ranker(needle))
    return ids


@lru_cache(maxsize=8192)
def _stem_ascii(word: str) -> str:
    # A snowball stemmer keeps state while it works: one per thread.
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def stem(word: str) -> str:
    """The English stem of a lower-case ASCII word; any other word unchanged."""
    if word.isascii() and word.isalpha():
        return _stem_ascii(word)
    return word


def _words(text: str, cut) -> list[str]:
    """Words of simplified, lower-cased ``text``: a run of ASCII word
    characters is one word (stemmed); jieba (``cut``) splits the others."""
    words = []
    for run in _WORD.findall(text):
        if run.isascii():
            words.append(stem(run))
            continue
        for token in cut(run):
            words.extend(stem(word) for word in _WORD.findall(token))
    return words


def add_words(words: Iterable[str]) -> None:
    for word in words:
        word = to_simplified(word.strip()).lower()
        if len(word) > 1:
            rjieba.add_word(word, 2_000_000, None)


def _ensure_dictionary() -> None:
    global _dictionary_loaded
    if _dictionary_loaded:
        return
    with _dictionary_lock:
        if _dictionary_loaded:
            return
        add_words(DOMAIN_WORDS)
        for provider in _word_providers:
            try:
                add_words(provider())
            except Exception:  # noqa: BLE001 - e.g. tables not migrated yet
                pass
        _dictionary_loaded = True


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    return _t2s.convert(text)


def segment_for_index(text: str) -> str:
    """Simplified, lower-cased words of ``text`` separated by single spaces.

    Search mode also emits the shorter words inside long ones (甲基苯丙胺 gives
    苯丙胺 too), so a query for either finds the page.
    """
    if not text:
        return ""
    _ensure_dictionary()
    return " ".join(_words(to_simplified(text).lower(), rjieba.cut_for_search))


def segment_query(query: str) -> list[str]:
    """The words of a visitor's query, safe to hand to any FTS engine."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    _ensure_dictionary()
    words: list[str] = []
    for word in _words(to_simplified(query).lower(), rjieba.cut):
        word = word.strip("_")
        if word and word not in words:
            words.append(word)
    return words[:20]


def normalise_query(query: str) -> str:
    """The query as one simplified, lower-cased string of word characters."""
    return "".join(_WORD.findall(to_simplified((query or "")[:MAX_QUERY_LENGTH]).lower()))


class SegmentedSearchField(SearchField):
    """A SearchField whose text is segmented before the backend indexes it."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            value = " ".join(str(getattr(v, "name", v)) for v in value)
        elif isinstance(value, dict):
            value = " ".join(str(v) for v in value.values())
        return segment_for_index(str(value))


# A search returns at most this many pages (the newest that match): 20 pages
# of ten results, more than anyone reads, and it bounds a request's work (a
# word found on 500 pages cost twice as much at 500).
MAX_RESULTS = 200


class WordGroup(NamedTuple):
    """One word of a query with its synonyms (core/search_words.py):
    ``words`` as the index holds them (stemmed), ``names`` as
    normalise_query() gives them, for the rankers."""

    words: tuple[str, ...]
    names: tuple[str, ...]


# A question of more words than this is cut: each word costs one more match.
MAX_QUERY_WORDS = 8


@lru_cache(maxsize=1)
def _synonym_table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every synonym's index form -> its group's (index forms, names)."""
    from core.search_words import SYNONYMS

    _ensure_dictionary()
    table = {}
    for group in SYNONYMS:
        words = tuple(dict.fromkeys(w for entry in group for w in _words(to_simplified(entry).lower(), rjieba.cut)))
        names = tuple(dict.fromkeys(normalise_query(entry) for entry in group))
        for word in words:
            table[word] = (words, names)
    return table


def query_groups(query: str) -> list[WordGroup]:
    """The words of a visitor's question, each with its synonyms.

    Particles and question words (的, 吗, 怎么; "what", "is") are dropped
    unless nothing else is left; a word that is a synonym of an earlier one
    joins its group. See core/search_words.py.
    """
    from core.search_words import PARTICLES

    query = (query or "")[:MAX_QUERY_LENGTH]
    _ensure_dictionary()
    pairs = []  # (index form, name) of each word, in order
    for run in _WORD.findall(to_simplified(query).lower()):
        tokens = [run] if run.isascii() else [w for t in rjieba.cut(run) for w in _WORD.findall(t)]
        for token in tokens:
            token = token.strip("_")
            if token:
                pairs.append((stem(token), token))
    kept = [(word, name) for word, name in pairs if name not in PARTICLES and word not in PARTICLES] or pairs
    table = _synonym_table()
    groups: list[WordGroup] = []
    for word, name in kept:
        if any(word in group.words for group in groups):
            continue
        words, names = table.get(word, ((word,), (name,)))
        if word not in words:
            words = (word, *words)
        if name not in names:
            names = (name, *names)
        groups.append(WordGroup(words, names))
    return groups[:MAX_QUERY_WORDS]


def search_pages(queryset, query: str) -> tuple[list[tuple[int, int]], bool]:
    """Search ``queryset`` (pages) for ``query``.

    Returns ``(rows, used_fallback)``: (id, content_type_id) of the matching
    pages, best first (for result_pages()), and whether they come from the
    substring fallback. The query is a question: its words (query_groups())
    each match with their synonyms, a page matches if it holds any word, and
    pages that hold more of the words rank higher. Pages the whole query names
    (register_ranker) come first, then pages whose title holds the query, then
    those that hold more of its words (a page a word names holds that word),
    then those a word names, then those whose title holds more of its words,
    then the newest. The backend's own relevance ranking is not used: on
    SQLite it re-runs the full-text match once per matching page (a correlated
    subquery), which took 0.2–0.3 s for a word found on 500 pages. Matching
    costs one query (two with the fallback), whatever the number of pages; the
    caller fetches only the page of results it shows.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import get_page_models
    from wagtail.search.models import IndexEntry

    groups = query_groups(query)
    if not groups:
        return [], False
    needle = normalise_query(query)
    # Pages the query names (a drug's name or street name) are found and come
    # first even when their indexed words differ from the query's.
    named = named_pages(needle)
    # The pages each word (or a synonym) names: on /en/, 冰毒 names the English
    # methamphetamine page through its Chinese source (education's ranker).
    named_by_word = [set().union(*(named_pages(name) for name in group.names)) for group in groups]
    # Newest first from the database; _ranked() then moves title matches up.
    order, fields = ("-first_published_at", "-pk"), ("pk", "content_type_id", "title")
    # Every page model shares Page's id, so index entries of any page type
    # point at a Page (ContentType caches these: no query after the first).
    page_types = sorted(ct.pk for ct in ContentType.objects.get_for_models(*get_page_models()).values())
    words = [word for group in groups for word in group.words]
    # One Chinese character is too short a word; one Latin letter or digit run is a word.
    if any(len(w) > 1 or w.isascii() for w in words):
        holds = [Q(pk__in=_match(group.words, page_types)) | Q(pk__in=by_word)
                 for group, by_word in zip(groups, named_by_word, strict=True)]
        if len(groups) == 1:
            matches = queryset.filter(holds[0] | Q(pk__in=named)).order_by(*order)
            rows = [(*row, 1) for row in matches.values_list(*fields)[:MAX_RESULTS]]
        else:
            # How many of the words a page holds, counted in the database so
            # that the best MAX_RESULTS pages are kept, not the newest.
            matches = (
                queryset.filter(Q(pk__in=_match(words, page_types)) | Q(pk__in=set().union(named, *named_by_word)))
                .annotate(words_held=_words_held(queryset.model, groups, named_by_word, page_types))
                .order_by("-words_held", *order)
            )
            rows = list(matches.values_list(*fields, "words_held")[:MAX_RESULTS])
        # Latin words match whole words only ("ice" is not in "advice").
        if rows or needle.isascii():
            return _ranked(rows, groups, needle, named, named_by_word), False

    # Substring fallback on the text the backend stored; it is simplified and
    # lower-cased like the needle. object_id is a text column, so the ids are
    # converted here, not in SQL.
    matching_ids = IndexEntry.objects.filter(
        Q(title__contains=needle) | Q(body__contains=needle),
        content_type__in=page_types,
    ).values_list("object_id", flat=True)[:MAX_RESULTS]
    ids = [int(i) for i in matching_ids if i.isdigit()]
    matches = queryset.filter(Q(pk__in=ids) | Q(pk__in=named)).order_by(*order)
    rows = [(*row, 1) for row in matches.values_list(*fields)]
    return _ranked(rows, groups, needle, named, named_by_word), True


def _words_held(model, groups: list[WordGroup], named_by_word: list[set[int]], page_types: list[int]) -> RawSQL:
    """How many of ``groups`` a page of ``model`` holds (or a word names), as
    one SQL expression: written out like _match(), as Case/When over Q
    objects cost a millisecond of ORM work per search, as much as the match."""
    from django.db import connection

    pk = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(model._meta.pk.column)}"
    terms, params = [], []
    for group, by_word in zip(groups, named_by_word, strict=True):
        match = _match(group.words, page_types)
        held = f"{pk} IN ({match.sql})"
        if by_word:  # ids from the rankers: integers, written out
            held += f" OR {pk} IN ({', '.join(str(int(i)) for i in sorted(by_word))})"
        terms.append(f"CASE WHEN {held} THEN 1 ELSE 0 END")
        params.extend(match.params)
    return RawSQL("(" + " + ".join(terms) + ")", params, output_field=IntegerField())


def _match(words: Iterable[str], page_types: list[int]) -> RawSQL:
    """Ids of pages whose indexed title or body holds any of ``words``.

    The same match as the database backend's (SQLite FTS5, PostgreSQL
    tsvector), written out: its query builder costs several milliseconds of
    ORM work per search, more than the match. ``words`` come from
    query_groups(): word characters only, so quoting them is safe.
    """
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    placeholders = ", ".join(["%s"] * len(page_types))
    if connection.vendor == "postgresql":
        config = getattr(get_search_backend(), "config", None) or "simple"
        tsquery = " | ".join(f"'{word}'" for word in words)
        return RawSQL(
            "SELECT CAST(e.object_id AS INTEGER) FROM wagtailsearch_indexentry e"
            f" WHERE e.content_type_id IN ({placeholders})"
            " AND (e.title @@ to_tsquery(%s::regconfig, %s) OR e.body @@ to_tsquery(%s::regconfig, %s))",
            [*page_types, config, tsquery, config, tsquery],
        )
    match = "{title body} : (" + " OR ".join(f'"{word}"' for word in words) + ")"
    return RawSQL(
        "SELECT CAST(e.object_id AS INTEGER) FROM wagtailsearch_indexentry_fts"
        " JOIN wagtailsearch_indexentry e ON wagtailsearch_indexentry_fts.rowid = e.id"
        f" WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id IN ({placeholders})",
        [match, *page_types],
    )


@lru_cache(maxsize=4096)
def _title_info(title: str) -> tuple[str, frozenset[str]]:
    """A title normalised (normalise_query()) and split into words. The same
    titles come back search after search: each is worked out once."""
    return normalise_query(title), frozenset(_words(to_simplified(title).lower(), rjieba.cut))


def _ranked(rows, groups: list[WordGroup], needle: str, named: set[int],
            named_by_word: list[set[int]]) -> list[tuple[int, int]]:
    """(id, content_type_id) of ``rows`` (id, content_type_id, title, words
    held; best first from the database): the pages the query names first,
    then those whose title holds the query, then those that hold more of its
    words, then those a word names, then those whose title holds more of its
    words. A Latin word counts only as a whole word of the title ("ice" is
    not in "Office"). Up to MAX_RESULTS rows are ranked on every search, so
    each row's key is one set intersection and one regular-expression scan."""
    by_word = set().union(*named_by_word)
    group_of: dict[str, int] = {}
    for number, group in enumerate(groups):
        for word in group.words:
            group_of.setdefault(word, number)
    latin = frozenset(word for word in group_of if word.isascii())
    chinese = sorted((word for word in group_of if not word.isascii()), key=len, reverse=True)
    chinese_in = re.compile("|".join(map(re.escape, chinese))).findall if chinese else None

    def key(row):
        title, title_words = _title_info(row[2])
        held = {group_of[word] for word in title_words & latin}
        if chinese_in:
            held.update(group_of[word] for word in chinese_in(title))
        whole = len(held) == len(groups) if needle.isascii() else needle in title
        return (row[0] not in named, not whole, -row[3], row[0] not in by_word, -len(held))

    # sorted() is stable: the database's order (the newest first) within a rank.
    return [(row[0], row[1]) for row in sorted(rows, key=key)]


# What a results list reads of a page (templates/core/search_results.html,
# {% pageurl %}); anything else would be loaded page by page.
RESULT_FIELDS = [
    "title", "slug", "url_path", "path", "depth", "content_type", "locale", "search_description", "live", "summary",
]


def result_pages(rows: list[tuple[int, int]]) -> list:
    """The pages of ``rows`` ((id, content_type_id), best first), as a results
    list shows them: one query per page type, reading only the fields the list
    shows (building whole specific pages, StreamFields and all, cost more than
    the search itself)."""
    from django.contrib.contenttypes.models import ContentType

    by_type: dict[int, list[int]] = {}
    for pk, content_type_id in rows:
        by_type.setdefault(content_type_id, []).append(pk)
    pages = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        fields = [name for name in RESULT_FIELDS if name in names]
        pages.update(model.objects.filter(pk__in=pks).only(*fields).in_bulk())
    return [pages[pk] for pk, _ in rows if pk in pages]
