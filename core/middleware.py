from urllib.parse import urlencode

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils import translation
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from core.permissions import may_see_titles_in
from core.visibility import default_locale, localized_home, public, site_home


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
        home = site_home(request)
        if home is None:
            return None
        default = default_locale()
        home = localized_home(home, default)
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


class SiteHomeMiddleware:
    """Hand Wagtail's page view the site's home page as site_home reads it.

    Wagtail routes a page from ``site.root_page.localized``
    (Page.route_for_request). On the plain Page a Site holds, that is three
    queries: the active Locale, the translation, then its specific page.
    core.visibility.site_home reads the specific home page with its live
    translations in one, and puts it on the Site Wagtail keeps for this
    request; HomePage.localized then finds the translation without a query.
    Other views read it when they first need it (the chrome, the site map).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve:
            site_home(request)
        return None


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
