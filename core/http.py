"""Per-page HTTP headers for pages that must leak nothing onward.

The site-wide Referrer-Policy (settings.SECURE_REFERRER_POLICY,
strict-origin-when-cross-origin) sends our origin, never the path, to other
sites. A page whose very address is sensitive (a tip's status page, a
receipt) asks for ``no-referrer`` instead, so not even our origin goes with a
click or a resource request from it:

    from core.http import no_referrer

    @no_referrer
    def tip_status(request): ...

or, where there is no view function to decorate (a Wagtail page's
``serve()``), on the response: ``return set_no_referrer(response)``.
Django's SecurityMiddleware only sets the header when the response has none
(``setdefault``), so the page's value wins.
"""

from functools import wraps

NO_REFERRER = "no-referrer"


def set_no_referrer(response):
    """Mark the response ``Referrer-Policy: no-referrer`` and return it."""
    response.headers["Referrer-Policy"] = NO_REFERRER
    return response


def no_referrer(view):
    """View decorator: the view's responses carry ``Referrer-Policy: no-referrer``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return set_no_referrer(view(request, *args, **kwargs))

    return wrapped
