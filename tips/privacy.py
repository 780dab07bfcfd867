"""What keeps a tipster untraceable on the tips pages, before any other code runs.

Anonymity here rests on not collecting identifiers at all (Tor is not
reachable in mainland China, so nothing else could be promised). For every
request whose path is a tips path in any language (/tips/..., /en/tips/...,
/zh-hant/tips/...):

- ``TipsPrivacyMiddleware`` (first in settings.MIDDLEWARE) empties the client
  address and removes X-Forwarded-For, X-Real-IP, Forwarded, User-Agent and
  Referer from the request, and every cookie but the CSRF one, so no later
  middleware, view, log record or error report can see them; on the way out
  it makes the response uncacheable anywhere, sends no referrer onward,
  denies geolocation, camera and microphone, and lets no cookie through but
  the CSRF one, marked SameSite=Strict.
- ``TipsExceptionReporterFilter`` (settings.DEFAULT_EXCEPTION_REPORTER_FILTER)
  hides every POST value and every local variable from error reports of a
  tips request, so neither a 500 page in DEBUG nor a mail to ADMINS holds
  what a tipster typed.
- ``tips_csrf_protect`` is Django's CSRF protection with two checks adapted
  to the above: the Referer header is gone by design, and with
  ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` on a form
  post. The CSRF cookie is SameSite=Strict, so a form on another site cannot
  post it, and the token in the form must still match it.

Log records are redacted by core.logging.PrivacyFilter (tips paths become
"[tips]", addresses "[address]"); gunicorn and nginx skip tips requests in
their access logs (site/gunicorn.conf.py, site/nginx.conf.example).
"""

from functools import wraps

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.debug import SafeExceptionReporterFilter

from core.logging import is_tips_path

# Headers that name or fingerprint the sender (WSGI META names).
IDENTIFYING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
)
TIPS_PERMISSIONS_POLICY = (
    "geolocation=(), camera=(), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)


def _only_csrf_cookie(header: str) -> str:
    name = settings.CSRF_COOKIE_NAME
    kept = [part.strip() for part in header.split(";") if part.strip().startswith(name + "=")]
    return "; ".join(kept[:1])


class TipsPrivacyMiddleware:
    """Forget who is asking, for tips paths; first in the middleware list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_tips_path(request.path_info) and not is_tips_path(request.path):
            return self.get_response(request)
        meta = request.META
        # An empty address rather than none: some code reads it unconditionally.
        meta["REMOTE_ADDR"] = ""
        for name in IDENTIFYING_HEADERS:
            meta.pop(name, None)
        if "HTTP_COOKIE" in meta:
            meta["HTTP_COOKIE"] = _only_csrf_cookie(meta["HTTP_COOKIE"])
        request.COOKIES  # noqa: B018 - parsed now, from the cleaned header
        request.tips_private = True
        response = self.get_response(request)
        return self.secure_response(response)

    @staticmethod
    def secure_response(response):
        response["Cache-Control"] = "no-store, no-cache, max-age=0, private"
        response["Pragma"] = "no-cache"
        response["Expires"] = "0"
        for name in ("X-Accel-Expires", "ETag", "Last-Modified"):
            if name in response:
                del response[name]
        response["Referrer-Policy"] = "no-referrer"
        response["Permissions-Policy"] = TIPS_PERMISSIONS_POLICY
        response["X-Frame-Options"] = "DENY"
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        csrf_name = settings.CSRF_COOKIE_NAME
        for name in list(response.cookies):
            if name != csrf_name:
                del response.cookies[name]
        if csrf_name in response.cookies:
            response.cookies[csrf_name]["samesite"] = "Strict"
            response.cookies[csrf_name]["httponly"] = True
        return response


class TipsExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports of a tips request hold no POST value and no variable."""

    def _tips(self, request) -> bool:
        return request is not None and getattr(request, "tips_private", False)

    def is_active(self, request):
        return self._tips(request) or super().is_active(request)

    def get_post_parameters(self, request):
        if self._tips(request):
            return dict.fromkeys(request.POST, self.cleansed_substitute)
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if self._tips(request) or tb_frame.f_globals.get("__name__", "").startswith("tips."):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)

    def get_safe_request_meta(self, request):
        if self._tips(request):
            return dict.fromkeys(request.META, self.cleansed_substitute)
        return super().get_safe_request_meta(request)

    def get_safe_cookies(self, request):
        if self._tips(request):
            return dict.fromkeys(request.COOKIES, self.cleansed_substitute)
        return super().get_safe_cookies(request)


class TipsCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check for the tips forms (see the module docstring)."""

    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null":
            return True
        return super()._origin_verified(request)

    def _check_referer(self, request):
        # The referrer was removed by TipsPrivacyMiddleware on purpose.
        return None


_tips_csrf = decorator_from_middleware(TipsCsrfMiddleware)


def tips_csrf_protect(view):
    """csrf_exempt for the site-wide check, then the tips check above, with
    uploads kept in memory (tips.uploads.MemoryOnlyUploadHandler).

    The upload handlers must be replaced before anything reads the body, and
    the site-wide CsrfViewMiddleware would read POST (and so the files) first.
    """
    from .uploads import MemoryOnlyUploadHandler

    protected = _tips_csrf(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return protected(request, *args, **kwargs)

    wrapped.csrf_exempt = True
    return wrapped
