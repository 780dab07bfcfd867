"""The parts of every page that do not depend on the page: home link, main
menu, footer links and site settings, per site and language.

Built once and kept in the default cache under the page cache's generation
number, so it costs one cache read per request instead of about a dozen
queries, and a publish or settings change rebuilds it on the next request.
"""

from django.core.cache import cache
from django.utils import translation
from opencc import OpenCC
from wagtail.models import Locale, Page, Site

from core.models import FooterLink, SiteSettings
from core.page_cache import current_generation

_s2t = OpenCC("s2t")
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
    chrome = cache.get(key)
    if chrome is None:
        chrome = _build(request, site, language)
        # Templates key their own fragment caches on it ({% cache ... chrome.generation %}).
        chrome["generation"] = generation
        cache.set(key, chrome, 3600)
    request._site_chrome = chrome
    return chrome


def _build(request, site, language) -> dict:
    chrome = {"home": None, "menu": [], "footer_links": [], "settings": {}, "organisation_name": "",
              "page_urls": {}}
    if site is None:
        return chrome
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
    home = site.root_page
    if home.locale_id != locale.pk:
        home = home.get_translation_or_none(locale) or home
    chrome["home"] = {"pk": home.pk, "path": home.path, "url": home.get_url(request)}
    chrome["menu"] = [
        {"pk": p.pk, "path": p.path, "title": p.title, "url": p.get_url(request)}
        for p in home.get_children().live().public().in_menu().order_by("path")
    ]
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
        chrome["organisation_name"] = _s2t.convert(site_settings.organisation_name)
    else:
        chrome["organisation_name"] = site_settings.organisation_name
    # Pages templates link to by type (the help page from every drug page).
    for label in ("education.HelpPage", "education.DrugIndexPage", "education.MaterialLibraryPage"):
        target = (
            Page.objects.live().public().descendant_of(home)
            .filter(content_type__app_label=label.split(".")[0],
                    content_type__model=label.split(".")[1].lower())
            .order_by("path").first()
        )
        chrome["page_urls"][label] = target.get_url(request) if target else ""
    return chrome
