import time
from urllib.parse import urlencode

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import translation
from wagtail.models import Page, Site

from core.caching import current_generation, forget_count
from core.permissions import may_see_titles_in
from core.visibility import default_locale, localized_home, public, remember_home_translations


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy.

    Public pages get settings.CONTENT_SECURITY_POLICY. Paths under
    ADMIN_CSP_URL_PREFIXES (the Wagtail and Django admins) get
    ADMIN_CONTENT_SECURITY_POLICY instead, unless a view set its own policy
    with django-csp's decorators. EXCLUDE_URL_PREFIXES keeps its meaning:
    no policy at all for those paths.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(tuple(settings.ADMIN_CSP_URL_PREFIXES)):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif getattr(request, "is_dummy", False):
            # Wagtail renders a page's preview through the whole middleware
            # chain with a dummy request for the page's public URL
            # (Page.make_preview_request); the editor shows it in a frame.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class PermissionsPolicyMiddleware:
    """Switch off browser features no page of ours uses (camera, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TranslationFallbackMiddleware:
    """A page not yet translated falls back to zh-hans instead of a 404.

    Slugs are synchronised across languages (core.models.BasePage), so the
    same path in the default tree is the source page. The visitor is sent there
    with ``?fallback=<lang>``, and the page says it is shown in Chinese.

    On such a page only the content is the source's: the visitor's language
    stays the interface language (activate_fallback_language below).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = {
            f"/{code}/": code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        }

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        for prefix, code in self.prefixes.items():
            if request.path_info.startswith(prefix):
                target = self._source_url(request, request.path_info[len(prefix) - 1 :], code)
                if target:
                    return HttpResponseRedirect(target)
        return response

    @staticmethod
    def _source_url(request, rest, language):
        site = Site.find_for_request(request)
        if site is None:
            return None
        default = default_locale()
        home = localized_home(site.root_page, default, request)
        source = public(
            Page.objects.live().filter(url_path=home.url_path + rest.lstrip("/"), locale=default)
        ).first()
        if source is None:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            url = source.get_url(request)
        return f"{url}?{urlencode({'fallback': language})}" if url else None


def activate_fallback_language(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook (core/wagtail_hooks.py): on a fallback page
    the visitor's language stays the interface language.

    A default-language page asked for with ``?fallback=<lang>`` (a configured
    language) renders its header, menu (that language's tree), footer and UI
    strings in ``<lang>``; only the content is the page's own. It runs after
    Wagtail routed the path in the default tree: activated any earlier, the
    language would pick the tree the path is looked up in. The page cache keys
    on ``fallback`` (a registered query parameter, core/plugins.py), the
    fragment and chrome caches on the active language, so this rendering and
    the plain zh-hans one never meet in a cache.
    """
    language = request.GET.get("fallback", "")
    if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
        return None
    if page.locale_id != default_locale().pk:
        return None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return None


class SiteLookupCacheMiddleware:
    """Remember which Wagtail Site answers a host, per worker process.

    Wagtail looks the site up with a query on every request; sites change
    rarely, so each worker keeps its answer until the cache generation moves
    (any publish, including the home page, which the Site object holds as its
    root page, or a site edit) or a minute passes. Wagtail reads
    ``request._wagtail_site`` before querying (wagtail.models.Site.find_for_request).
    """

    MAX_AGE = 60

    def __init__(self, get_response):
        self.get_response = get_response
        self.sites = {}
        self.filled_at = 0.0
        self.generation = None
        self.forgotten = forget_count()

    def __call__(self, request):
        now = time.monotonic()
        generation = current_generation(request)
        if now - self.filled_at > self.MAX_AGE or self.forgotten != forget_count():
            # forget_count() moves when a test rolls the database back: the
            # generation may then come round to this one's number again.
            self.sites = {}
            self.filled_at = now
            self.forgotten = forget_count()
        if generation != self.generation:
            # A publish may have changed the home page the Site object holds:
            # load it again (one query), keep the Site (a site edit bumps the
            # generation too, but changes hostnames rarely: MAX_AGE covers it).
            try:
                for site in self.sites.values():
                    site.root_page = _load_root_page(type(site.root_page), site.root_page_id, request)
            except Page.DoesNotExist:
                self.sites = {}
            self.generation = generation
        key = (request._get_raw_host(), request.get_port())
        site = self.sites.get(key)
        if site is not None:
            request._wagtail_site = site
        response = self.get_response(request)
        # Remember what Wagtail looked up, if it needed the site at all, with
        # its root page as the specific HomePage (whose `localized` is kept
        # per process too: core.models.HomePage).
        site = getattr(request, "_wagtail_site", None) if site is None else None
        if site is not None:
            site.root_page = _load_root_page(site.root_page.specific_class, site.root_page_id, request)
            self.sites[key] = site
        return response


def _load_root_page(model, pk, request=None):
    """The site's root page, specific, with the images its templates show,
    and in the same query its live translations, which localized_home then
    finds without asking (a request in English needs both)."""
    same_key = model.objects.filter(pk=pk).values("translation_key")
    pages = model.objects.filter(Q(pk=pk) | Q(translation_key__in=same_key, live=True))
    if hasattr(model, "hero_image"):
        pages = pages.select_related("hero_image", "listing_image")
    pages = list(pages)
    root = next((page for page in pages if page.pk == pk), None)
    if root is None:
        raise Page.DoesNotExist(pk)
    remember_home_translations(root, pages, request)
    return root


class AdminPageAccessMiddleware:
    """Admin views that list titles by id answer 403 to users who may not work with them.

    Teachers and Reward officers enter the admin for their own apps; Wagtail
    would still show them page titles, drafts included, by id (the chooser,
    the explorer's API, bulk-action confirmations). The page querysets are
    emptied for them too (core/wagtail_hooks.py); this covers what the
    querysets do not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is not None
            and request.user.is_authenticated
            and not may_see_titles_in(request.user, match.view_name, view_kwargs)
        ):
            raise PermissionDenied
        return None
