"""Login attempt limits (django-axes), keyed on the username alone.

Five wrong passwords for one username lock that username for
AXES_COOLOFF_TIME, on every login form of the site: the Wagtail admin, the
front-end login for login-restricted pages, and the Django admin.

Why the username and not the client address: tipsters, schools and offices
share addresses behind NAT, and the site stores no client address anywhere
(tips must stay anonymous). So axes is told there is no address
(``no_client_address``) and never sees the user agent
(``AnonymousAxesMiddleware``); its AccessAttempt rows hold the username, the
path and the time only. Brute force from many usernames is nginx's job
(``limit_req`` on the login paths, site/nginx.conf.example).

https://django-axes.readthedocs.io/en/latest/4_configuration.html
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.middleware import AxesMiddleware
from django.forms.utils import ErrorDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


def no_client_address(request):
    """AXES_CLIENT_IP_CALLABLE: axes stores ip_address=None, never the address."""
    return None


class AnonymousAxesMiddleware(AxesMiddleware):
    """axes' middleware, with the request's address and user agent hidden from it.

    axes reads both once per request (AxesProxyHandler.update_request) and
    stores them in AccessAttempt; filling its attributes first means it keeps
    ours: no address, an empty user agent.
    """

    def __call__(self, request):
        AxesProxyHandler.update_request(request)
        request.axes_ip_address = None
        request.axes_user_agent = ""
        request.axes_http_accept = ""
        return super().__call__(request)


def lockout_message(request=None) -> str:
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 15
    return ngettext(
        "Too many failed login attempts for this username. Please try again in %(minutes)d minute.",
        "Too many failed login attempts for this username. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same login page, with the lockout as its error.

    Every login view here is a Django LoginView, whose invalid-form answer is a
    TemplateResponse that keeps its template and form; the form's "wrong
    password" error is replaced by the lockout message (it would be untrue
    when the password was right), in the language of the page.
    """
    message = lockout_message(request)
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = ErrorDict()
        form.add_error(None, message)
        response = TemplateResponse(request, original_response.template_name, context, status=429)
        return response.render()
    return render(request, "core/login_locked.html", {"message": message}, status=429)
