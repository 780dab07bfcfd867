from django import template
from django.utils.safestring import mark_safe
from opencc import OpenCC
from django.conf import settings
from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from core.models import FooterLink, SiteSettings

register = template.Library()

_s2t = OpenCC("s2t")


def _home_for_request(context):
    """The active language's home page (cached on the request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_core_home"):
        site = Site.find_for_request(request)
        home = None
        if site is not None:
            home = site.root_page
            locale = Locale.get_active()
            if home.locale_id != locale.pk:
                home = home.get_translation_or_none(locale) or home
        request._core_home = home
    return request._core_home


@register.simple_tag(takes_context=True)
def home_page(context):
    return _home_for_request(context)


@register.simple_tag(takes_context=True)
def main_menu(context):
    home = _home_for_request(context)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().only("title", "url_path", "slug", "locale_id"))


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per language: the translation if live, else the default-language
    page (which says it is shown in Chinese), plus its hreflang code."""
    request = context.get("request")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        for p in Page.objects.live().filter(translation_key=page.translation_key).select_related("locale"):
            translations[p.locale.language_code] = p
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        fallback = False
        if target is None and translations:
            target = translations.get(settings.LANGUAGE_CODE)
            fallback = True
        if target is not None:
            with translation.override(code):
                url = target.get_url(request)
            if fallback and url:
                url = f"{url}?fallback={code}"
        else:
            # Non-page views (search): the same path with the language prefix.
            path = request.path if request else "/"
            url = translate_path(path, code)
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current, "fallback": fallback}
        )
    return links


def translate_path(path, code):
    prefixes = [c for c, _ in settings.LANGUAGES if c != settings.LANGUAGE_CODE]
    for prefix in prefixes:
        if path.startswith(f"/{prefix}/"):
            path = path[len(prefix) + 1 :]
            break
    if code == settings.LANGUAGE_CODE:
        return path
    return f"/{code}{path}"


@register.simple_tag
def footer_links():
    return list(
        FooterLink.objects.filter(locale=Locale.get_active()).select_related("page").order_by("sort_order")
    )


@register.simple_tag(takes_context=True)
def organisation_name(context):
    request = context.get("request")
    if request is None:
        return ""
    site_settings = SiteSettings.for_request(request)
    language = translation.get_language()
    if language == "en":
        return site_settings.organisation_name_en
    if language == "zh-hant":
        return _s2t.convert(site_settings.organisation_name)
    return site_settings.organisation_name


@register.simple_tag(takes_context=True)
def page_banners(context):
    """HTML other apps contribute above the page (e.g. an active campaign).

    Apps register a ``core_page_banner`` hook taking the request and returning
    HTML or ""; core does not import them.
    """
    request = context.get("request")
    parts = [fn(request) for fn in hooks.get_hooks("core_page_banner")]
    return mark_safe("".join(p for p in parts if p))  # noqa: S308 - hook output is trusted app HTML


@register.filter
def hreflang(code):
    return {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(code, code)


@register.filter
def in_section(page, section):
    """True when ``page`` is ``section`` or lies below it in the page tree.

    Used to mark the active main-menu item (aria-current); tree paths are
    prefixes of their descendants' paths, unlike a substring test on URLs.
    """
    path = getattr(page, "path", "")
    return bool(path and section is not None and path.startswith(section.path))


@register.simple_tag(takes_context=True)
def find_page(context, model_label):
    """The first live page of a type ("app_label.ModelName") in the active
    language, e.g. to link the help page from a drug page; None if there is
    none. Takes a label, not a class, so core imports no feature app."""
    from django.apps import apps

    request = context.get("request")
    cache = getattr(request, "_core_find_page", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._core_find_page = cache
    if model_label not in cache:
        try:
            model = apps.get_model(model_label)
        except (LookupError, ValueError):
            model = None
        cache[model_label] = (
            model.objects.live().public().filter(locale=Locale.get_active()).order_by("path").first()
            if model is not None
            else None
        )
    return cache[model_label]
