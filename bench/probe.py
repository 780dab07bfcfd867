# ruff: noqa: T201 - a command-line tool: printing is its output
"""In-process helpers for bench/run.py (run as a separate Python process).

    python bench/probe.py info
        -> JSON: the URLs to benchmark (a drug page, the drug A–Z index) and the
           number of live drug pages.
    python bench/probe.py queries --drug-url URL --target 500 [--sql-dir DIR]
        -> JSON: SQL queries per uncached request (django.test.Client inside
           CaptureQueriesContext; one warm-up request per URL, the second one
           is counted) with the demo's drug pages, then again after adding
           DrugPages under the A–Z index until it has --target of them.
    python bench/probe.py profile --url URL [--out FILE]
        -> cProfile of a few uncached requests of URL, top functions printed.
    python bench/probe.py trace --url URL
        -> the queries of one uncached request of URL, grouped by the template
           tag and project source line they come from.

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

from education.models.drugs import DrugIndexPage, DrugPage  # noqa: E402

HOST = "127.0.0.1"
SEARCH_URL = "/search/?q=" + quote("冰毒")


def _path(url: str) -> str:
    """A page URL as a path (get_url may return an absolute URL)."""
    if url.startswith("http"):
        url = "/" + url.split("://", 1)[1].split("/", 1)[1]
    return url


def _drug_index():
    default = Locale.get_default()
    index = DrugIndexPage.objects.live().filter(locale=default).first()
    return index or DrugIndexPage.objects.live().first()


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
        "drug_title": drug.title,
        "drug_count": drugs.count(),
        "search_url": SEARCH_URL,
    }


def count_queries(urls: dict[str, str], sql_dir: Path | None, tag: str) -> dict[str, int]:
    client = Client(HTTP_HOST=HOST)
    counts = {}
    for name, url in urls.items():
        warm = client.get(url)
        if warm.status_code != 200:
            raise SystemExit(f"{url}: HTTP {warm.status_code} on the warm-up request")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        counts[name] = len(ctx.captured_queries)
        if sql_dir is not None:
            sql_dir.mkdir(parents=True, exist_ok=True)
            lines = [f"-- {url}: {len(ctx.captured_queries)} queries"]
            lines += [f"{q['time']}s  {q['sql']}" for q in ctx.captured_queries]
            (sql_dir / f"{tag}-{name}.sql").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


def add_drugs(index, target: int) -> int:
    """Add live DrugPages under index until it has target children; returns added."""
    existing = DrugPage.objects.child_of(index).count()
    added = 0
    index = DrugIndexPage.objects.get(pk=index.pk)
    with transaction.atomic():
        for i in range(existing, target):
            index.add_child(
                instance=DrugPage(
                    title=f"测试药物{i}",
                    slug=f"bench-extra-{i}",
                    category="synthetic",
                    live=True,
                )
            )
            added += 1
    return added


def queries(drug_url: str, target: int, sql_dir: Path | None) -> dict:
    if settings.PAGE_CACHE_ENABLED:
        print("warning: PAGE_CACHE_ENABLED is on in this process", file=sys.stderr)
    index = _drug_index()
    urls = {
        "home": "/",
        "drug_index": _path(index.get_url()),
        "drug_page": drug_url,
        "search": SEARCH_URL,
    }
    # The issue compares 10 and 500 drug pages; the demo has a few fewer than 10.
    add_drugs(index, 10)
    n_before = DrugPage.objects.live().child_of(index).count()
    by_count = {str(n_before): count_queries(urls, sql_dir, f"drugs{n_before}")}
    started = time.monotonic()
    added = add_drugs(index, target)
    add_seconds = round(time.monotonic() - started, 1)
    n_after = DrugPage.objects.live().child_of(index).count()
    by_count[str(n_after)] = count_queries(urls, sql_dir, f"drugs{n_after}")
    return {
        "urls": urls,
        "drug_counts": [n_before, n_after],
        "added_pages": added,
        "add_seconds": add_seconds,
        "queries_by_drug_count": by_count,
    }


def profile(url: str, repeat: int, out: str | None) -> None:
    import cProfile
    import pstats

    client = Client(HTTP_HOST=HOST)
    client.get(url)  # per-process one-time work out of the picture
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    for _ in range(repeat):
        client.get(url)
    prof.disable()
    per_request = (time.perf_counter() - started) / repeat
    print(f"{url}: {per_request * 1000:.1f} ms per request under cProfile ({repeat} requests)")
    if out:
        prof.dump_stats(out)
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


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


def trace(url: str) -> None:
    """Each query of one uncached request, grouped by template tag / project line."""
    from collections import Counter

    client = Client(HTTP_HOST=HOST)
    client.get(url)
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
    q.add_argument("--drug-url", required=True)
    q.add_argument("--target", type=int, default=500)
    q.add_argument("--sql-dir")
    p = sub.add_parser("profile")
    p.add_argument("--url", default="/")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--out")
    t = sub.add_parser("trace")
    t.add_argument("--url", default="/")
    args = parser.parse_args()
    if args.cmd == "trace":
        trace(args.url)
    elif args.cmd == "info":
        print(json.dumps(info(), ensure_ascii=False))
    elif args.cmd == "queries":
        sql_dir = Path(args.sql_dir) if args.sql_dir else None
        print(json.dumps(queries(args.drug_url, args.target, sql_dir), ensure_ascii=False))
    else:
        profile(args.url, args.repeat, args.out)


if __name__ == "__main__":
    main()
