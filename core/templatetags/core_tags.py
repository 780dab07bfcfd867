import hashlib
import re
import time
import unicodedata
from datetime import UTC, datetime
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from wagtail.models import Page

from core import caching, plugins
from core.chrome import get_chrome
from core.visibility import active_locale, default_locale, locale_codes

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
    translations = live_translations(page, request) if isinstance(page, Page) and page.pk else {}
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


def live_translations(page, request=None) -> dict:
    """{language code: page} of the live translations of ``page`` (itself
    included), as plain pages that know their URL.

    Kept per process until the next publish; a page's siblings are looked up
    in the same query, so the pages of a listing (the 500 drugs of the A–Z)
    cost one query between them, not one each.
    """
    memo = caching.process_memo("translations", request)
    key = page.translation_key
    if key not in memo:
        siblings = Page.objects.filter(depth=page.depth, path__startswith=page.path[: -Page.steplen])
        rows = (
            Page.objects.live()
            .filter(translation_key__in=siblings.values("translation_key"))
            .order_by()
            .values_list("translation_key", "locale_id", "pk", "url_path")
        )
        found: dict = {key: {}}
        for translation_key, locale_id, pk, url_path in rows:
            found.setdefault(translation_key, {})[locale_id] = (pk, url_path)
        memo.update(found)
    codes = locale_codes()
    return {
        codes[locale_id]: Page(id=pk, url_path=url_path, locale_id=locale_id)
        for locale_id, (pk, url_path) in memo[key].items()
        if locale_id in codes
    }


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
def fallback_pageurl(context, page):
    """``{% pageurl page %}`` for listings that may hold untranslated pages.

    A page in another language than the visitor's is the zh-hans source of a
    missing translation: its URL gets ``?fallback=<visitor's language>``, so
    it says it is shown in Chinese and keeps the visitor's menu and header
    (core.middleware.TranslationFallbackMiddleware).
    """
    url = page.get_url(context.get("request"))
    language = translation.get_language() or ""
    if url and language != settings.LANGUAGE_CODE and page.locale_id != active_locale().pk:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode({'fallback': language})}"
    return url


@register.simple_tag
def content_language(page):
    """The page's language when it is not the interface language (a fallback
    page: the content is zh-hans, the header the visitor's), else ""."""
    if not isinstance(page, Page) or not page.locale_id:
        return ""
    language = translation.get_language() or ""
    if page.locale_id == active_locale().pk:
        return ""
    default = default_locale()
    code = default.language_code if page.locale_id == default.pk else page.locale.language_code
    return "" if code == language else code


@register.simple_tag(takes_context=True)
def page_banners(context):
    """HTML the feature apps put above the content (an active campaign).

    Apps register callables ``(request) -> str`` as ``banners`` in
    core/plugins.py; core imports none of them. A banner that depends on the
    date declares when it changes (core.caching.changes_at).
    """
    request = context.get("request")
    parts = [fn(request) for fn in plugins.banner_callables()]
    return mark_safe("".join(p for p in parts if p))  # noqa: S308 - banner output is trusted app HTML


@register.simple_tag
def feature_stylesheets():
    """Static paths of the feature apps' stylesheets (core/plugins.py)."""
    return plugins.stylesheets()


@register.simple_tag
def feature_footer_links():
    return plugins.footer_links()


@register.simple_tag
def feature_head_links():
    return plugins.head_links()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The absolute URL search engines should index this response under: the
    bare path, since filters (?category=, ?tag=, ?kind=) and ?fallback= show
    the same page; a paginated page (?page=N, N > 1) is its own canonical, as
    Google recommends for pagination
    (https://developers.google.com/search/docs/specialty/ecommerce/pagination-and-incremental-page-loading)."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    number = request.GET.get("page", "")
    if number.isascii() and number.isdigit() and int(number) > 1:
        url += f"?page={int(number)}"
    return url


@register.filter
def hreflang(code):
    return {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(code, code)


# Latin letters in a phone number are a placeholder ("0769-XXXXXXXX") or a
# vanity word no phone can dial from a tel: link.
_PHONE_LETTERS = re.compile(r"[A-Za-z]")
MIN_DIALABLE_DIGITS = 3


@register.filter
def tel_href(number):
    """``tel:`` URL for a phone number as editors type it, or "" when it
    cannot be dialled: only digits and a leading + are kept (RFC 3966), so
    spaces, dashes and notes such as "（示例号码）" never reach the link;
    a placeholder with letters or fewer than 3 digits gives no link at all,
    and templates then show the number as plain text."""
    # NFKC turns full-width digits and plus signs (０７６９, ＋) into ASCII.
    text = unicodedata.normalize("NFKC", str(number or "")).strip()
    if _PHONE_LETTERS.search(text):
        return ""
    digits = "".join(c for c in text if "0" <= c <= "9")
    if len(digits) < MIN_DIALABLE_DIGITS:
        return ""
    return f"tel:{'+' if text.startswith('+') else ''}{digits}"


@register.simple_tag
def page_numbers(page_obj):
    """The page numbers a pagination bar shows: the first, the last and two
    either side of the current one, with ``None`` for a gap ("…") next to the
    first or the last. Worked out here, not in the template: a template loop
    over every page of a 200-result search cost more than the results list."""
    number, last = page_obj.number, page_obj.paginator.num_pages
    numbers = []
    for n in range(1, last + 1):
        if n in (1, last) or number - 2 <= n <= number + 2:
            numbers.append(n)
        elif n in (2, last - 1):
            numbers.append(None)
    return numbers


@register.filter
def shorten(text, length):
    """``text`` cut to at most ``length`` characters, ending in "…".

    Chinese has no spaces and reads fine cut anywhere, but an English word cut
    in half ("Controll…") does not: a cut that would land inside a Latin word
    moves back to the space before it.
    """
    text = " ".join(str(text or "").split())
    length = int(length)
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if cut[-1].isascii() and cut[-1].isalnum() and text[length - 1].isascii() and text[length - 1].isalnum():
        space = cut.rfind(" ")
        if space > length // 2:
            cut = cut[:space]
    return cut.rstrip(" .,;:-—–(，、；：。") + "…"


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


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """``page``'s ancestors below the tree's root, kept per process until the
    next publish: every page under one parent shares them."""
    if not isinstance(page, Page) or page.depth < 3:
        return []
    request = context.get("request")
    memo = caching.process_memo("breadcrumbs", request)
    parent_path = page.path[: -Page.steplen]
    if parent_path not in memo:
        memo[parent_path] = list(page.get_ancestors().filter(depth__gt=1))
    return memo[parent_path]


class PageFragmentNode(template.Node):
    def __init__(self, name, nodelist, site_wide=False):
        self.name = name
        self.nodelist = nodelist
        self.site_wide = site_wide

    def _key_parts(self, request, page):
        parts = [translation.get_language() or "", str(caching.current_generation(request)),
                 request.scheme, request.get_host()]
        if not self.site_wide:
            parts += [str(page.pk), page.cache_key, request.path,
                      caching.normalise_query(request.META.get("QUERY_STRING", ""))]
        return parts

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        is_page = isinstance(page, Page) and bool(page.pk)
        allowed = caching.site_wide_cache_allowed if self.site_wide else caching.shared_cache_allowed
        if not (is_page or self.site_wide) or not allowed(request):
            return self.nodelist.render(context)
        raw_key = "|".join(self._key_parts(request, page))
        now = time.time()
        if self.site_wide:
            # Its own entry, shared by every page of the language.
            key = "fragment:" + hashlib.sha1(f"{self.name}|{raw_key}".encode()).hexdigest()
            entry = caching.generation_keyed_get(key, request)
            entry = entry if entry is not None and now < entry[1] else None
        else:
            # All fragments of the page (and path, query) in one entry.
            key = "fragments:" + hashlib.sha1(raw_key.encode()).hexdigest()
            entry = caching.cached_fragment(request, key, self.name, now)
        if entry is not None:
            html, expires_at, declared = entry
            if declared:
                # The moment it was declared for holds for this response too.
                caching.changes_at(request, datetime.fromtimestamp(expires_at, tz=UTC))
            return html
        with caching.collecting(request) as declared:
            html = self.nodelist.render(context)
        if declared["never"]:
            return html
        expires_at = now + caching.seconds_until(declared["until"], settings.FRAGMENT_CACHE_SECONDS)
        if expires_at - now >= 1:
            entry = (html, expires_at, declared["until"] is not None)
            if self.site_wide:
                caching.generation_keyed_set(key, entry, int(expires_at - now), request)
            else:
                caching.keep_fragment(request, key, self.name, entry)
        return html


@register.tag
def pagefragment(parser, token):
    """Cache the enclosed HTML of a page until the next publish.

    ``{% pagefragment "name" %}...{% endpagefragment %}``, keyed like
    Wagtail's ``{% wagtailpagecache %}`` on the page's cache_key and the site,
    plus what that tag does not know: the language, the generation every
    publish bumps (a page lists other pages), the path and the registered
    query parameters (filters, pagination). Beyond it, it is skipped for
    logged-in users and previews, not only previews; it keeps whatever the
    enclosed part declares (``{% cache_until %}``, a CSRF token: then it is
    not stored at all) and ends at the declared moment (core/caching.py).
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("pagefragment takes one name")
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    return PageFragmentNode(bits[1].strip("\"'"), nodelist)


@register.tag
def sitefragment(parser, token):
    """``{% sitefragment "name" %}``: like ``{% pagefragment %}``, for a part
    that is the same on every page of a language (the footer), so one entry
    serves them all, search results and other views included. Skipped for
    previews and logged-in users, as pagefragment is."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("sitefragment takes one name")
    nodelist = parser.parse(("endsitefragment",))
    parser.delete_first_token()
    return PageFragmentNode(bits[1].strip("\"'"), nodelist, site_wide=True)


@register.simple_tag(takes_context=True)
def cache_until(context, when):
    """``{% cache_until moment %}``: what this page shows changes then (a
    countdown's number, a banner at local midnight); every cache of this
    response ends at that moment. Renders nothing."""
    caching.changes_at(context.get("request"), when)
    return ""


@register.simple_tag(takes_context=True)
def never_cache(context):
    """``{% never_cache %}``: this response is per visitor; cache none of it."""
    caching.never_cache(context.get("request"))
    return ""


@register.simple_tag(takes_context=True)
def current_year(context):
    """The local year (for the footer's ©); the page changes at New Year."""
    now = timezone.localtime()
    caching.changes_at(context.get("request"), now.replace(year=now.year + 1, month=1, day=1, hour=0,
                                                           minute=0, second=0, microsecond=0))
    return now.year


@register.filter
def search_label(page):
    """What kind of page a search result is, in plain words: the page class's
    ``search_label``, else its verbose name."""
    return capfirst(getattr(type(page), "search_label", None) or page._meta.verbose_name)


# A run of Chinese: ideographs with the CJK and full-width punctuation between them.
# Digits and Latin letters between two Chinese characters belong to the run
# (某路1号, 粤ICP备00000000号): an address is voiced as one.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHINESE_RUN = re.compile(rf"[{_HAN}](?:[{_HAN}\u3000-\u303f\uff00-\uffef]|[0-9A-Za-z]+(?=[{_HAN}]))*")


@register.filter
def chinese_for_reader(text):
    """Chinese that has no translation of its own (a venue, a postal address,
    a tag, a drug's street name, the WeChat account) as this page's reader
    needs it: in Traditional characters on zh-hant pages, and on other
    non-Chinese pages each Chinese run marked lang="zh-Hans", so a screen
    reader voices it in Chinese (issue 18, "Every language whole";
    tests/core/test_every_language_whole.py)."""
    from django.utils.html import conditional_escape

    from core.chinese import to_traditional_text

    text = str(text or "")
    language = (translation.get_language() or "").lower()
    if language == "zh-hant":
        return to_traditional_text(text)
    if language.startswith("zh") or not _CHINESE_RUN.search(text):
        return text
    parts, start = [], 0
    for match in _CHINESE_RUN.finditer(text):
        parts.append(conditional_escape(text[start : match.start()]))
        parts.append(f'<span lang="zh-Hans">{conditional_escape(match.group())}</span>')
        start = match.end()
    parts.append(conditional_escape(text[start:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
