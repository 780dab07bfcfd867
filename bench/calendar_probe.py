# ruff: noqa: T201 - a command-line tool: printing is its output
"""Campaign data for the benchmark, and the calendar's query counts (bench/run.py).

    python bench/calendar_probe.py [--events 500]
        -> adds live campaigns so three years (2025-2027) have one, and public
           events up to --events; then prints JSON: SQL queries per request of
           the month view, the list view and the feed with the page cache off
           (after a warm-up request), and the number of events.

The environment comes from bench/run.py, as for bench/probe.py.
"""

import argparse
import json
import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from campaigns.choices import VenueType  # noqa: E402
from campaigns.dates import LOCAL  # noqa: E402
from campaigns.models import CampaignIndexPage, CampaignPage, Event, KeyDate  # noqa: E402

YEARS = (2025, 2026, 2027)
URLS = ["/calendar/?year=2026&month=6", "/calendar/?view=list&year=2026", "/calendar.ics?year=2026"]


def grow(events: int) -> None:
    index = CampaignIndexPage.objects.filter(locale__language_code="zh-hans").first()
    if index is None:
        raise SystemExit("no campaigns index: is the demo content loaded?")
    idad = KeyDate.objects.get(code="idad")
    with transaction.atomic():
        for year in YEARS:
            if CampaignPage.objects.live().filter(year=year, locale=index.locale).exists():
                continue
            page = CampaignPage(title=f"{year}年基准测试宣传", slug=f"bench-{year}", year=year, key_date=idad,
                                window_start=date(year, 6, 1), window_end=date(year, 6, 30))
            index.add_child(instance=page)
            page.save_revision().publish()
        missing = events - Event.objects.count()
        campaign = CampaignPage.objects.filter(year=2026, locale=index.locale).first()
        types = list(VenueType.values)
        Event.objects.bulk_create([
            Event(campaign=campaign, title=f"基准活动{n}", is_public=True, venue_name="南城市民广场",
                  venue_type=types[n % len(types)], organiser="南城街道禁毒办",
                  start=datetime(YEARS[n % 3], 6, 1 + n % 28, 9, tzinfo=LOCAL),
                  end=datetime(YEARS[n % 3], 6, 1 + n % 28, 9, tzinfo=LOCAL) + timedelta(hours=2))
            for n in range(max(0, missing))
        ])


def queries() -> tuple[dict, dict]:
    """Queries per URL: cold (the first request after a publish, when the kept
    month, list and feed are stale: the figure the target is about) and warm."""
    from core.caching import bump_generation

    client = Client(HTTP_HOST="127.0.0.1")
    cold, warm = {}, {}
    for url in URLS:
        client.get(url)
        for counts in (cold, warm):
            if counts is cold:
                bump_generation()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[url] = len(captured)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    grow(args.events)
    cold, warm = queries()
    print(json.dumps({"queries_calendar": cold, "queries_calendar_warm": warm, "event_count": Event.objects.count(),
                      "calendar_urls": URLS}, ensure_ascii=False))


if __name__ == "__main__":
    main()
