import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache as fragment_cache
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page

from core.chrome import get_chrome
from core.page_cache import current_generation

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Home link, menu, footer links and settings for the active language
    (core/chrome.py); base.html loads it once as ``chrome``."""
    request = context.get("request")
    return get_chrome(request) if request is not None else {}


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per language: the translation if live, else the default-language
    page (which says it is shown in Chinese), plus its hreflang code."""
    request = context.get("request")
    memo_key = ("language_links", getattr(page, "pk", None), request.path if request else "")
    memo = getattr(request, "_core_memo", None)
    if memo is None and request is not None:
        memo = request._core_memo = {}
    if memo is not None and memo_key in memo:
        return memo[memo_key]
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
    if memo is not None:
        memo[memo_key] = links
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
    return bool(path and section and path.startswith(section["path"]))


@register.simple_tag(takes_context=True)
def page_url_for(context, model_label):
    """URL of the first live page of a type ("app_label.ModelName") in the active
    language, e.g. the help page from a drug page; "" if there is none. Takes a
    label, not a class, so core imports no feature app (see core/chrome.py)."""
    request = context.get("request")
    if request is None:
        return ""
    return get_chrome(request)["page_urls"].get(model_label, "")


class PageFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        if (
            request is None
            or not isinstance(page, Page)
            or not page.pk
            or getattr(request, "is_preview", False)
        ):
            return self.nodelist.render(context)
        raw_key = "|".join(
            (self.name, str(page.pk), translation.get_language() or "", str(current_generation(request)),
             request.scheme, request.get_host(), request.get_full_path())
        )
        key = "fragment:" + hashlib.sha1(raw_key.encode()).hexdigest()
        html = fragment_cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragment_cache.set(key, html, 3600)
        return html


@register.tag
def pagefragment(parser, token):
    """Cache the enclosed HTML of a page until the next publish.

    ``{% pagefragment "name" %}...{% endpagefragment %}``, keyed on the page,
    the language, the full path (so filters and pagination are distinct) and
    the page-cache generation, which every publish bumps. Previews and pages
    without a ``page`` (search, errors) are always rendered afresh. Never wrap
    a form with a CSRF token or anything per visitor.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("pagefragment takes one name")
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    return PageFragmentNode(bits[1].strip("\"'"), nodelist)
