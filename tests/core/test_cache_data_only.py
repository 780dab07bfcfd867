"""No cache entry is ever unpickled: a pickle placed in the file cache's
folder or in a Redis key (by a process that could write it, as the task
worker can) is a miss, and what it would run does not run
(core/cache_serializer.py, core/cache_backends.py)."""

import datetime
import os
import pickle
import subprocess
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe

from core import cache_serializer
from core.cache_backends import MAGIC, BoundedFileCache
from education.models import ArticlePage
from tests.utils import add_page, make_site
from tests.wsgi import wsgi_get

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


class Payload:
    """What an attacker would store: unpickling it creates the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def plant_pickle(cache, key, marker, expiry=None):
    """The payload stored under ``key`` as Django's FileBasedCache writes a
    file, or as django-redis's default serializer writes a value."""
    if not hasattr(cache, "_key_to_file"):
        cache.client.get_client().set(cache.make_and_validate_key(key), pickle.dumps(Payload(marker)))
        return None
    path = cache._key_to_file(key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(pickle.dumps(expiry))
        f.write(zlib.compress(pickle.dumps(Payload(marker))))
    return path


@pytest.fixture
def file_cache(tmp_path):
    """The file cache as settings configure it without Redis."""
    return BoundedFileCache(str(tmp_path / "cache"), {})


def test_a_pickled_file_cache_entry_is_a_miss_and_runs_nothing(tmp_path, file_cache):
    marker = tmp_path / "ran"
    cache = file_cache
    path = plant_pickle(cache, "chrome:1:zh-hans:0", marker)
    assert cache.get("chrome:1:zh-hans:0", "missing") == "missing"
    assert not marker.exists()
    assert not os.path.exists(path)  # dropped unread
    plant_pickle(cache, "k", marker)
    assert cache.touch("k") is False and not cache.has_key("k")
    assert not marker.exists()


def test_a_pickled_page_cache_entry_is_not_served_and_runs_nothing(wsgi_app, tmp_path):
    from core.page_cache import _key

    marker = tmp_path / "ran"
    home = make_site()
    add_page(home, ArticlePage, "标题", slug="story")
    environ = {"HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "PATH_INFO": "/story/", "QUERY_STRING": ""}
    plant_pickle(caches["pages"], _key(environ), marker)
    status, headers, body = wsgi_get(wsgi_app, "/story/")
    assert status.startswith("200") and headers["X-Page-Cache"] == "miss" and "标题" in body
    assert not marker.exists()
    assert wsgi_get(wsgi_app, "/story/")[1]["X-Page-Cache"] == "hit"


def test_what_the_site_caches_comes_back_as_it_was_stored():
    cache = caches["default"]
    when = datetime.datetime(2026, 6, 26, 9, 30, tzinfo=datetime.UTC)
    values = {
        "page": (3, 1_800_000_000.5, "200 OK", [("Content-Type", "text/html; charset=utf-8")], "<p>禁毒</p>".encode()),
        "fragment": {"menu": (mark_safe("<nav>菜单</nav>"), 1.5, False)},
        "locales": {1: "简体中文", 2: "English"},
        "dates": [when, when.date(), datetime.timedelta(days=3), Decimal("300.00")],
    }
    for key, value in values.items():
        cache.set(key, value)
        assert cache.get(key) == value
    assert isinstance(cache.get("fragment")["menu"][0], SafeString)
    with pytest.raises(TypeError):
        cache.set("object", object())


def test_a_model_instance_comes_back_with_its_related_rows_and_no_other_class():
    home = make_site()
    page = ArticlePage.objects.select_related("locale").get(pk=add_page(home, ArticlePage, "标题", slug="s").pk)
    page.banner_url = "/s/"
    copy = cache_serializer.loads(cache_serializer.dumps(page))
    assert type(copy) is ArticlePage and copy.pk == page.pk and copy.title == "标题"
    assert copy.banner_url == "/s/"
    assert copy._state.fields_cache["locale"].language_code == page.locale.language_code
    forged = cache_serializer.dumps({"x": 1}).replace(b'{"x":1}', b'{"__t":"model","v":{"model":"os.system"}}')
    with pytest.raises(cache_serializer.NotData):
        cache_serializer.loads(forged)


def test_the_format_has_a_mark_and_no_pickle(file_cache):
    cache = file_cache
    cache.set("k", {"a": 1}, 60)
    with open(cache._key_to_file("k"), "rb") as f:
        assert f.read().startswith(MAGIC)


REDIS_CHECK = """
import os, pickle
from django.core.cache import caches
class Payload:
    def __reduce__(self):
        return (open, (os.environ["MARKER"], "w"))
for alias in ("default", "pages"):
    cache = caches[alias]
    cache.set("probe", {"a": (1, b"x")})
    assert cache.get("probe") == {"a": (1, b"x")}, alias
    cache.client.get_client().set(cache.make_and_validate_key("planted"), pickle.dumps(Payload()))
    assert cache.get("planted") is None, alias
    cache.delete_many(["probe", "planted"])
print("ok")
"""


def test_a_pickle_in_redis_is_not_run(tmp_path):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/8"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        pytest.skip("no Redis to test against")
    marker = tmp_path / "ran"
    env = {**os.environ, "REDIS_URL": url, "MARKER": str(marker), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); exec(open(0).read())"], input=REDIS_CHECK, env=env,
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.stdout.strip() == "ok", done.stderr
    assert not marker.exists()
