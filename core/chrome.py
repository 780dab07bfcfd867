"""The parts of every page that do not depend on the page: home link, main
menu, footer links and site settings, per site and language.

Built once and kept in the default cache under the page cache's generation
number, so it costs one cache read per request instead of about a dozen
queries, and a publish or settings change rebuilds it on the next request.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import translation
from wagtail.models import Page, Site

from core import plugins
from core.caching import (
    current_generation,
    generation_keyed_get,
    generation_keyed_set,
    site_wide_cache_allowed,
)
from core.chinese import to_traditional_text
from core.models import FooterLink, SiteSettings
from core.visibility import active_locale, localized_home, public, site_home

SETTINGS_FIELDS = [
    "hotline", "national_hotline", "address", "icp_number", "public_security_filing", "wechat_account",
]


def get_chrome(request) -> dict:
    if hasattr(request, "_site_chrome"):
        return request._site_chrome
    site = Site.find_for_request(request)
    language = translation.get_language()
    generation = current_generation(request)
    key = f"chrome:{site.pk if site else 0}:{language}:{generation}"
    chrome = generation_keyed_get(key, request) if site_wide_cache_allowed(request) else None
    if chrome is None:
        chrome = _build(request, site, language)
        # Templates key their own fragment caches on it ({% cache ... chrome.generation %}).
        chrome["generation"] = generation
        if site_wide_cache_allowed(request):
            generation_keyed_set(key, chrome, settings.FRAGMENT_CACHE_SECONDS, request)
    request._site_chrome = chrome
    return chrome


def _build(request, site, language) -> dict:
    chrome = {"home": None, "menu": [], "footer_links": [], "settings": {}, "organisation_name": "",
              "page_urls": {}}
    if site is None:
        return chrome
    locale = active_locale()
    home = localized_home(site_home(request), locale)
    # Page types templates link to from anywhere ({% page_url_for %}), as
    # the feature apps registered them (core/plugins.py).
    linked_types = ContentType.objects.get_for_models(
        *[apps.get_model(label) for label in plugins.linked_page_labels() if _model_exists(label)]
    )
    # The menu (the home page's children shown in menus) and the linked
    # pages, in one query. Without a live home page in this language, the
    # default tree's (shown in Chinese).
    candidates = public(
        Page.objects.live()
        .descendant_of(home)
        .filter(Q(depth=home.depth + 1, show_in_menus=True) | Q(content_type__in=linked_types.values()))
        .order_by("path")
    )
    chrome["home"] = {"pk": home.pk, "path": home.path, "url": home.get_url(request)}
    by_type = {ct.pk: f"{model._meta.app_label}.{model.__name__}" for model, ct in linked_types.items()}
    for page in candidates:
        if page.depth == home.depth + 1 and page.show_in_menus:
            chrome["menu"].append(
                {"pk": page.pk, "path": page.path, "title": page.title, "url": page.get_url(request)}
            )
        label = by_type.get(page.content_type_id)
        if label and label not in chrome["page_urls"]:
            chrome["page_urls"][label] = page.get_url(request)
    chrome["footer_links"] = [
        {"label": link.label, "href": link.href}
        for link in FooterLink.objects.filter(locale=locale).select_related("page").order_by("sort_order")
    ]
    site_settings = SiteSettings.for_site(site)
    chrome["settings"] = {name: getattr(site_settings, name) for name in SETTINGS_FIELDS}
    if site_settings.wechat_qr:
        chrome["settings"]["wechat_qr_url"] = site_settings.wechat_qr.get_rendition("fill-120x120").url
    if language == "en":
        chrome["organisation_name"] = site_settings.organisation_name_en
    elif language == "zh-hant":
        chrome["organisation_name"] = to_traditional_text(site_settings.organisation_name)
    else:
        chrome["organisation_name"] = site_settings.organisation_name
    return chrome


def _model_exists(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True
