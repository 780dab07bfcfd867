"""What a feature app adds to the site, registered in its AppConfig.ready().

core imports no feature app (docs/architecture.md): education, campaigns, quizzes and
tips describe what they contribute with one :class:`Feature` each, and core
reads the registry wherever it needs to know::

    # campaigns/apps.py
    def ready(self):
        from core.plugins import Feature, register

        register(Feature(
            app_label="campaigns",
            home_subpage_types=["campaigns.CampaignIndexPage"],
            linked_page_types=["campaigns.CampaignIndexPage"],
            footer_links=[("campaigns:calendar", _("Calendar"))],
            stylesheets=["css/campaigns.css"],
            query_params=["month", "view"],
            banners=["campaigns.banners.active_campaign"],
            urls="campaigns.urls",
            demo="campaigns.demo.load",
        ))

Every entry is a string or a label, resolved when first used, so registering
imports nothing and the order of INSTALLED_APPS does not matter. What each
field feeds:

- ``home_subpage_types``: page types an editor may add under the home page
  (HomePage.allowed_subpage_models).
- ``linked_page_types``: page types templates link to from anywhere with
  ``{% page_url_for "app.Model" %}`` (the help page from every drug page); the
  chrome finds their URLs in the same query as the menu (core/chrome.py).
- ``footer_links`` and ``head_links``: (URL name, label) pairs the footer lists
  and (URL name, MIME type, title) alternates the page head names (an RSS feed).
- ``stylesheets``: static paths linked by base.html after core.css, so a
  feature's styles live beside its templates.
- ``query_params``: GET parameters the app's pages read. The page cache keys
  on these only and drops any other parameter before Django sees it
  (core/caching.py), so a page must register every parameter it reads. The
  optional nginx microcache keys on the same list, written out in
  site/nginx-microcache.conf.example: add a new parameter there too
  (tests/deploy/test_nginx_microcache.py fails until both agree).
- ``banners``: dotted paths of callables ``(request) -> str`` rendered above
  the content of every page; one that depends on the time declares when it
  changes (``core.caching.changes_at``).
- ``privacy``: dotted path of a callable ``(request) -> str``: the app's part
  of the privacy notice (core.views.privacy_notice), what it keeps, for how
  long and who reads it. It reads the periods from the same functions that
  enforce them, so the notice never disagrees with the code (个人信息保护法
  Art. 17 asks for the retention period to be stated).
- ``urls``: dotted path of the app's URL module, included by config/urls.py
  in every language (zh-hans without a prefix, /en/ and /zh-hant/).
- ``demo``: dotted path of a callable ``(stdout) -> None`` that
  ``load_initial_data`` runs, in registration order, after core's own demo
  content. It must be idempotent.
- ``schedules``: dotted path of a list of django-q schedule specs (the
  keyword arguments of ``Schedule``, with a unique ``name``), created or
  updated by name after every migrate and by ``manage.py setup_schedules``
  (core/schedules.py).
- ``tasks``: dotted paths of the functions the app queues itself with
  django-q's ``async_task``. The task worker runs these (with any
  arguments) and the registered schedules, and refuses anything else
  (core/task_guard.py).
- ``snapshots``: {name: dotted path of a callable ``() -> value``}: what a
  feature reads on every page and that changes only with a publish or a save
  (the campaigns the banner may show). Core builds each one when such a change
  is committed, in the process that made it, and serves it to visitors from
  the cache (``core.caching.snapshot(name, request)``): the first visitor
  after a publish pays no query for it. The value must be picklable and must
  not depend on the request or the day.
- ``public_models``: whether a save or delete of this app's models can change
  what a visitor sees, and so makes cached pages stale (core/signals.py):
  True for all of them, False for none, or the names of those that can (the
  question bank and quiz settings, but not the answers a class saves every
  second). What changes with them can then be kept per process until the
  next change (``core.caching.process_memo``).
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Feature:
    app_label: str
    home_subpage_types: list[str] = field(default_factory=list)
    linked_page_types: list[str] = field(default_factory=list)
    footer_links: list[tuple] = field(default_factory=list)
    head_links: list[tuple] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    query_params: list[str] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)
    privacy: str = ""
    urls: str = ""
    demo: str = ""
    schedules: str = ""
    tasks: list[str] = field(default_factory=list)
    snapshots: dict[str, str] = field(default_factory=dict)
    public_models: bool | tuple[str, ...] = True


_features: dict[str, Feature] = {}

# Parameters core's own views read: search, pagination, the translation
# fallback notice, the sitemap's page number and the QR code's target.
CORE_QUERY_PARAMS = ("q", "page", "fallback", "p", "url")


def register(feature: Feature) -> None:
    """Add (or replace, on a second ready()) an app's contributions."""
    _features[feature.app_label] = feature
    _forget()


def unregister(app_label: str) -> None:
    """For tests that add a feature of their own."""
    _features.pop(app_label, None)
    _forget()


def features() -> list[Feature]:
    return list(_features.values())


def _forget() -> None:
    for fn in (query_params, home_subpage_models, linked_page_labels, public_model_labels, snapshot_builders):
        fn.cache_clear()


@cache
def query_params() -> frozenset[str]:
    names = set(CORE_QUERY_PARAMS)
    for feature in _features.values():
        names.update(feature.query_params)
    return frozenset(names)


@cache
def home_subpage_models() -> tuple:
    return tuple(apps.get_model(label) for f in _features.values() for label in f.home_subpage_types)


@cache
def linked_page_labels() -> tuple[str, ...]:
    return tuple(label for f in _features.values() for label in f.linked_page_types)


@cache
def public_model_labels() -> tuple[frozenset[str], frozenset[str]]:
    """(app labels whose every model is public, "app_label.modelname" of the
    public models of the other apps)."""
    whole_apps = {"core"} | {f.app_label for f in _features.values() if f.public_models is True}
    models = {f"{f.app_label}.{name.lower()}" for f in _features.values()
              if not isinstance(f.public_models, bool) for name in f.public_models}
    return frozenset(whole_apps), frozenset(models)


def is_public_model(model) -> bool:
    whole_apps, models = public_model_labels()
    return model._meta.app_label in whole_apps or model._meta.label_lower in models


@cache
def snapshot_builders() -> dict:
    return {name: import_string(path) for f in _features.values() for name, path in f.snapshots.items()}


def stylesheets() -> list[str]:
    return [path for f in _features.values() for path in f.stylesheets]


def _links(pairs) -> list[dict]:
    links = []
    for url_name, label, *rest in pairs:
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        links.append({"href": href, "label": label, "type": rest[0] if rest else ""})
    return links


def footer_links() -> list[dict]:
    """Reversed in the active language, so called per render (cheap)."""
    return _links(pair for f in _features.values() for pair in f.footer_links)


def head_links() -> list[dict]:
    return _links(triple for f in _features.values() for triple in f.head_links)


def banner_callables() -> list:
    return [import_string(path) for f in _features.values() for path in f.banners]


def privacy_sections(request) -> list[str]:
    """Each feature's part of the privacy notice, rendered in the active language."""
    return [import_string(f.privacy)(request) for f in _features.values() if f.privacy]


def schedule_specs() -> list[dict]:
    return [spec for f in _features.values() if f.schedules for spec in import_string(f.schedules)]


def task_functions() -> frozenset[str]:
    return frozenset(path for f in _features.values() for path in f.tasks)


def demo_loaders() -> list:
    return [(f.app_label, import_string(f.demo)) for f in _features.values() if f.demo]


def url_modules() -> list[str]:
    return [f.urls for f in _features.values() if f.urls]
