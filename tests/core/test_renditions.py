"""Image renditions are looked up in the shared "default" cache, which every
worker reads (Wagtail uses it when there is no "renditions" cache:
https://docs.wagtail.org/en/stable/advanced_topics/performance.html#caching-image-renditions).
When a worker deletes an image's renditions, Wagtail deletes their cache
entries (post_delete), and so every other worker stops handing out URLs of
files that are gone."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from core.caching import bump_generation
from tests.utils import make_site, run_commit_callbacks

pytestmark = pytest.mark.django_db
RENDITION_URL = re.compile(r"/media/images/[^\"' ,]+")


@pytest.fixture
def home_with_hero(settings):
    settings.PAGE_CACHE_ENABLED = False
    home = make_site()
    home.hero_image = get_image_model().objects.create(title="禁毒宣传海报", file=get_test_image_file())
    home.save_revision().publish()
    run_commit_callbacks()
    return home


def rendition_urls(client, url="/") -> set:
    response = client.get(url)
    assert response.status_code == 200
    return set(RENDITION_URL.findall(response.content.decode()))


def own_memory() -> dict:
    """What this process keeps in caches only it can read (local memory):
    another worker's edit never reaches it."""
    return {alias: (dict(caches[alias]._cache), dict(caches[alias]._expire_info))
            for alias in django_settings.CACHES if isinstance(caches[alias], LocMemCache)}


def test_no_rendition_lookup_lives_in_one_workers_memory():
    assert not own_memory() and not [
        alias for alias, config in django_settings.CACHES.items() if config["BACKEND"].endswith("LocMemCache")
    ]


def test_after_another_worker_deletes_renditions_this_one_shows_no_deleted_file(client, home_with_hero):
    before = rendition_urls(client)
    assert before, "the hero image is shown through its renditions"
    kept = own_memory()  # this worker's memory, as it was before the edit

    # Another worker: an editor moves the focal point and the image's
    # renditions are deleted with their files (as Wagtail does for a new file
    # and `wagtail_update_image_renditions` for every image).
    image = home_with_hero.hero_image
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 100, 100, 50, 50
    image.save()
    image.renditions.all().delete()
    run_commit_callbacks()
    for alias, (entries, expiries) in kept.items():  # the other worker's edit did not reach this one's memory
        caches[alias]._cache.update(entries)
        caches[alias]._expire_info.update(expiries)

    after = rendition_urls(client)
    # A rendition made again may get its old file name back: what counts is
    # that every URL on the page is a rendition that exists, with its file.
    live = {rendition.url for rendition in image.get_rendition_model().objects.filter(image=image)}
    assert after and after <= live, f"deleted renditions still on the page: {sorted(after - live)}"
    missing = [url for url in after if not (Path(django_settings.MEDIA_ROOT) / url.removeprefix("/media/")).exists()]
    assert not missing, f"the page shows files that are gone: {missing}"


def test_a_page_with_a_picture_costs_few_queries_cold_and_warm(client, home_with_hero):
    rendition_urls(client)  # per-process lookups, renditions made
    with CaptureQueriesContext(connection) as warm:
        rendition_urls(client)
    bump_generation()
    run_commit_callbacks()
    with CaptureQueriesContext(connection) as cold:
        rendition_urls(client)
    print(f"home with a hero picture: {len(warm)} queries warm, {len(cold)} cold")  # noqa: T201
    assert len(warm) <= 15 and len(cold) <= 15

