# ruff: noqa: T201 - a command-line tool: printing is its output
"""In-process helpers for bench/run.py (run as a separate Python process).

    python bench/probe.py info
        -> JSON: the URLs to benchmark (a drug page, the drug A–Z index) and the
           number of live drug pages.
    python bench/probe.py queries [--small 10] [--target 500] [--sql-dir DIR]
        -> JSON: SQL queries per request with the page cache off, for home,
           A–Z, a drug page and a search in every language
           (django.test.Client inside CaptureQueriesContext, after a warm-up
           request per URL): "warm" (fragments cached) and "cold" (the first
           request after a publish: generation bumped). With --small drug
           pages in each language's A–Z index, then with --target.
    python bench/probe.py grow [--target 500]
        -> adds drug pages (in every language) up to --target, as `queries` does.
    python bench/probe.py profile (--url URL | --urls-file FILE) [--html FILE]
        -> pyinstrument profile of uncached requests (each the next URL of
           the file, e.g. bench/tmp/paths-search.txt), printed as a call tree.
    python bench/probe.py search-cpu [--rounds 5] [--cprofile FILE]
        -> JSON: CPU milliseconds per uncached search request (time.process_time
           over the 200 terms of bench/search_terms.txt, django.test.Client,
           after one warm-up pass), per round and their median; the shared
           machine's load swamps wrk's figures, not the CPU a request costs.
           --cprofile: one more pass under cProfile, stats written to FILE.
    python bench/probe.py trace --url URL [--cold]
        -> the queries of one uncached request of URL (--cold: the first after
           a publish), grouped by the template tag and project line they come from.

The environment (DJANGO_SETTINGS_MODULE, SQLITE_PATH, PAGE_CACHE=0, ...) comes
from bench/run.py; this file only reads it.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from core.page_cache import bump_generation  # noqa: E402
from education.models.drugs import DrugIndexPage, DrugPage  # noqa: E402

HOST = "127.0.0.1"
LANGUAGES = ["zh-hans", "en", "zh-hant"]
# One search term per language, that the demo content of that language holds.
SEARCH_TERMS = {"zh-hans": "冰毒", "en": "heroin", "zh-hant": "搖頭丸"}
EXTRA_TITLES = {"zh-hans": "测试药物{}", "en": "Test drug {}", "zh-hant": "測試藥物{}"}


def _path(url: str) -> str:
    """A page URL as a path (get_url may return an absolute URL)."""
    if url.startswith("http"):
        url = "/" + url.split("://", 1)[1].split("/", 1)[1]
    return url


def _drug_index(language: str | None = None):
    locale = Locale.get_default() if language is None else Locale.objects.get(language_code=language)
    return DrugIndexPage.objects.live().filter(locale=locale).first()


def _search_url(language: str) -> str:
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return f"{prefix}/search/?q={quote(SEARCH_TERMS[language])}"


def info() -> dict:
    index = _drug_index()
    if index is None:
        raise SystemExit("no live DrugIndexPage: is the demo content loaded?")
    drugs = DrugPage.objects.live().child_of(index).order_by("path")
    drug = drugs.first()
    if drug is None:
        raise SystemExit("no live DrugPage under the drug index")
    return {
        "drug_index_url": _path(index.get_url()),
        "drug_url": _path(drug.get_url()),
        "drug_urls": [_path(p.get_url()) for p in drugs],
        "drug_title": drug.title,
        "drug_count": drugs.count(),
    }


def language_urls() -> dict[str, dict[str, str]]:
    """Home, A–Z, a drug page and a search, per language."""
    urls = {}
    for language in LANGUAGES:
        index = _drug_index(language)
        if index is None:
            continue
        drug = DrugPage.objects.live().child_of(index).order_by("path").first()
        home = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
        urls[language] = {
            "home": home,
            "drug_index": _path(index.get_url()),
            "drug_page": _path(drug.get_url()) if drug else _path(index.get_url()),
            "search": _search_url(language),
        }
    return urls


def warm_process(client, url: str) -> None:
    """Fill what a worker keeps for its whole life (site, locales, content
    types, the segmenter's dictionary) the way a running worker has: by a
    render with nothing cached. A plain request is not enough when the shared
    caches already hold this generation's fragments (a reused bench/tmp)."""
    for _ in range(2):
        bump_generation()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code} on the warm-up request")


def count_queries(urls: dict[str, str], sql_dir: Path | None, tag: str) -> dict[str, dict[str, int]]:
    """Per URL: ``warm`` (an ordinary request, fragments cached) and ``cold``
    (the first request after a publish: the generation bumped, so the chrome
    and every fragment are stale), both in a warm process."""
    client = Client(HTTP_HOST=HOST)
    counts = {}
    for name, url in urls.items():
        warm_process(client, url)
        counts[name] = {}
        for kind in ("warm", "cold"):
            if kind == "cold":
                bump_generation()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            counts[name][kind] = len(ctx.captured_queries)
            if sql_dir is not None:
                sql_dir.mkdir(parents=True, exist_ok=True)
                lines = [f"-- {url} ({kind}): {len(ctx.captured_queries)} queries"]
                lines += [f"{q['time']}s  {q['sql']}" for q in ctx.captured_queries]
                (sql_dir / f"{tag}-{name}-{kind}.sql").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


def add_drugs(target: int) -> dict[str, int]:
    """Live DrugPages under each language's A–Z index until it has ``target``.

    Other languages get translations of the default language's extra pages
    (same translation_key, as wagtail-localize makes them), added directly:
    copying 1,000 pages through copy_for_translation would take minutes.
    """
    added = {}
    keys: dict[str, object] = {}
    for language in LANGUAGES:
        index = _drug_index(language)
        if index is None:
            continue
        existing = DrugPage.objects.child_of(index).count()
        added[language] = 0
        with transaction.atomic():
            for i in range(existing, target):
                slug = f"bench-extra-{i}"
                page = DrugPage(
                    title=EXTRA_TITLES[language].format(i),
                    slug=slug,
                    category="synthetic",
                    street_names=f"冰毒{i}号",
                    summary="冰毒的一种伪装。",
                    locale=index.locale,
                    live=True,
                )
                if slug in keys:
                    page.translation_key = keys[slug]
                index.add_child(instance=page)
                keys.setdefault(slug, page.translation_key)
                added[language] += 1
    return added


def drug_counts() -> dict[str, int]:
    counts = {}
    for language in LANGUAGES:
        index = _drug_index(language)
        if index is not None:
            counts[language] = DrugPage.objects.live().child_of(index).count()
    return counts


def grow(target: int) -> dict:
    started = time.monotonic()
    added = add_drugs(target)
    return {"added_pages": added, "add_seconds": round(time.monotonic() - started, 1),
            "drug_counts": drug_counts()}


def queries(small: int, target: int, sql_dir: Path | None) -> dict:
    if settings.PAGE_CACHE_ENABLED:
        print("warning: PAGE_CACHE_ENABLED is on in this process", file=sys.stderr)
    # The issue compares 10 and 500 drug pages; the demo has a few fewer than 10.
    add_drugs(small)
    urls = language_urls()
    sizes = [small, target]
    by_count: dict[str, dict] = {}
    grown = None
    for size in sizes:
        if size == target:
            grown = grow(target)
        by_count[str(size)] = {
            language: count_queries(u, sql_dir, f"drugs{size}-{language}") for language, u in urls.items()
        }
    return {
        "urls": urls,
        "drug_counts": sizes,
        "drug_counts_by_language": grown["drug_counts"],
        "added_pages": grown["added_pages"],
        "add_seconds": grown["add_seconds"],
        "queries_by_drug_count": by_count,
    }


def profile(urls: list[str], repeat: int, html: str | None) -> None:
    """pyinstrument over ``repeat`` requests, cycling through ``urls``."""
    from pyinstrument import Profiler

    client = Client(HTTP_HOST=HOST)
    client.get(urls[0])  # per-process one-time work out of the picture
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for i in range(repeat):
        client.get(urls[(i + 1) % len(urls)])
    profiler.stop()
    per_request = (time.perf_counter() - started) / repeat
    print(f"{len(urls)} URL(s): {per_request * 1000:.1f} ms per request under pyinstrument ({repeat} requests)")
    if html:
        Path(html).write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def search_cpu(rounds: int, cprofile: str | None) -> dict:
    """CPU per search request, the 200 bench terms in each of ``rounds`` passes."""
    import statistics

    terms = (ROOT / "bench" / "search_terms.txt").read_text(encoding="utf-8").split("\n")
    urls = ["/search/?q=" + quote(t.strip()) for t in terms if t.strip()]
    client = Client(HTTP_HOST=HOST)
    for url in urls:  # one-time work (dictionary, caches) out of the picture
        assert client.get(url).status_code == 200, url
    per_request = []
    for _ in range(rounds):
        started = time.process_time()
        for url in urls:
            client.get(url)
        per_request.append((time.process_time() - started) * 1000 / len(urls))
    if cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        for url in urls:
            client.get(url)
        profiler.disable()
        profiler.dump_stats(cprofile)
    return {"terms": len(urls), "cpu_ms_per_request": [round(x, 2) for x in per_request],
            "median_ms": round(statistics.median(per_request), 2), "drug_counts": drug_counts()}


def _query_origin(frame) -> str:
    """Where a query comes from: the innermost template node and project line."""
    template = project = None
    while frame is not None:
        code = frame.f_code
        if template is None and code.co_name == "render_annotated":
            node = frame.f_locals.get("self")
            token = getattr(node, "token", None)
            origin = getattr(node, "origin", None)
            if token is not None and origin is not None:
                name = str(getattr(origin, "template_name", origin))
                template = f"{name}:{token.lineno} {{% {token.contents[:60]} %}}"
        if project is None and code.co_filename.startswith(str(ROOT)) and "/.venv/" not in code.co_filename:
            if not code.co_filename.endswith("probe.py"):
                project = f"{code.co_filename[len(str(ROOT)) + 1:]}:{frame.f_lineno} {code.co_name}"
        frame = frame.f_back
    return " | ".join(x for x in (template, project) if x) or "(framework)"


def trace(url: str, cold: bool = False) -> None:
    """Each query of one uncached request, grouped by template tag / project line;
    with ``cold``, the first request after a publish (generation bumped)."""
    from collections import Counter

    client = Client(HTTP_HOST=HOST)
    warm_process(client, url)
    if cold:
        bump_generation()
    origins: Counter = Counter()

    def wrapper(execute, sql, params, many, context):
        origins[_query_origin(sys._getframe(1))] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        response = client.get(url)
    print(f"{url}: HTTP {response.status_code}, {sum(origins.values())} queries")
    for origin, n in origins.most_common():
        print(f"{n:4}  {origin}")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("info")
    q = sub.add_parser("queries")
    q.add_argument("--small", type=int, default=10)
    q.add_argument("--target", type=int, default=500)
    q.add_argument("--sql-dir")
    g = sub.add_parser("grow")
    g.add_argument("--target", type=int, default=500)
    p = sub.add_parser("profile")
    p.add_argument("--url", default="/")
    p.add_argument("--urls-file", help="one path a line; each request the next (bench/tmp/paths-*.txt)")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--html", help="write pyinstrument's HTML report here")
    c = sub.add_parser("search-cpu")
    c.add_argument("--rounds", type=int, default=5)
    c.add_argument("--cprofile", help="write cProfile stats of one more pass here")
    t = sub.add_parser("trace")
    t.add_argument("--url", default="/")
    t.add_argument("--cold", action="store_true", help="the first request after a publish")
    args = parser.parse_args()
    if args.cmd == "trace":
        trace(args.url, args.cold)
    elif args.cmd == "search-cpu":
        print(json.dumps(search_cpu(args.rounds, args.cprofile), ensure_ascii=False))
    elif args.cmd == "info":
        print(json.dumps(info(), ensure_ascii=False))
    elif args.cmd == "queries":
        sql_dir = Path(args.sql_dir) if args.sql_dir else None
        print(json.dumps(queries(args.small, args.target, sql_dir), ensure_ascii=False))
    elif args.cmd == "grow":
        print(json.dumps(grow(args.target), ensure_ascii=False))
    else:
        urls = Path(args.urls_file).read_text().split() if args.urls_file else [args.url]
        profile(urls, args.repeat, args.html)


if __name__ == "__main__":
    main()
