import io

import segno
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve
from wagtail.models import Page, Site

from core import plugins
from core.models import SiteSettings
from core.search import MAX_QUERY_LENGTH, result_pages, search_pages
from core.visibility import active_locale, localized_home, public, site_home

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Site search in the visitor's language; any input gives a results page."""
    query = request.GET.get("q", "").strip()
    pages = public(Page.objects.live().filter(locale=active_locale()))
    page_ids, used_fallback = search_pages(pages, query) if query else ([], False)
    paginator = Paginator(page_ids, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = result_pages(page.object_list)
    return render(
        request,
        "core/search_results.html",
        {
            "search_query": query[:MAX_QUERY_LENGTH],
            "query_truncated": len(query) > MAX_QUERY_LENGTH,
            "results_page": page,
            "result_count": paginator.count,
            "used_fallback": used_fallback,
        },
    )


@require_GET
def site_map(request):
    """The page tree of the visitor's language as a page people can read
    (sitemap.xml is for search engines)."""
    root = site_home(request) or Site.objects.select_related("root_page").get(is_default_site=True).root_page
    home = localized_home(root, active_locale())
    pages = public(home.get_descendants(inclusive=True).live()).order_by("path").specific().defer_streamfields()
    # Nest by tree path: a page's parent is the nearest page listed before it
    # whose path is a prefix of its own (a hidden parent lifts its children).
    roots, stack = [], []
    for page in pages:
        node = {"page": page, "url": page.get_url(request), "children": []}
        while stack and not page.path.startswith(stack[-1]["page"].path):
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return render(request, "core/site_map.html", {"tree": roots})


@require_GET
def privacy_notice(request):
    """The privacy notice 个人信息保护法 Art. 17 asks for: who handles what, for
    how long, on what basis, and how to ask for access or deletion. Each
    feature writes its own part from the settings its code enforces
    (core/plugins.py ``privacy``), so the notice cannot disagree with them."""
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    return render(
        request,
        "core/privacy.html",
        {
            "site_settings": SiteSettings.for_site(site),
            "sections": plugins.privacy_sections(request),
        },
    )


def _language_prefixes():
    """"" for the default language (no prefix), "/en" and so on for the others."""
    return ["" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES]


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/"]
    # Search results and the tip-off form in every language: endless result
    # pages, and nothing in a form for an index.
    for section in ("search", "tips"):
        lines += [f"Disallow: {prefix}/{section}/" for prefix in _language_prefixes()]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def qr_code(request):
    """A QR code (SVG) for a page on this site, for posters and WeChat sharing."""
    target = request.GET.get("url", "/")[:500]
    if (
        not target.startswith("/")
        or not url_has_allowed_host_and_scheme(target, None)
        or any(ord(char) < 32 or ord(char) == 127 for char in target)
    ):
        return HttpResponseBadRequest(_("Only links to this site can be turned into a QR code."))
    try:
        qr = segno.make(request.build_absolute_uri(target), error="m")
    except (segno.DataOverflowError, ValueError):
        # More than the largest QR code holds (about 300 CJK characters of path).
        return HttpResponseBadRequest(_("This link is too long for a QR code."))
    svg = io.BytesIO()
    # A standalone SVG (with its xmlns), so browsers draw it inside <img>.
    qr.save(svg, kind="svg", xmldecl=False, scale=4, border=2, dark="#1b2a41")
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database: whatever broke may be one of them.
    # The page's own <style> carries the request's CSP nonce (style-src has no 'unsafe-inline').
    template = loader.get_template("500.html")
    context = {"LANGUAGE_CODE": settings.LANGUAGE_CODE, "csp_nonce": getattr(request, "csp_nonce", "")}
    return HttpResponse(template.render(context), status=500)


def public_media(request, path):
    """An image or rendition from MEDIA_ROOT (config/urls.py routes only those here).

    MEDIA_ROOT is read per request, not when the URLs are loaded, so it follows
    the setting wherever it is changed.
    """
    return serve(request, path, document_root=settings.MEDIA_ROOT)
