"""Production: every secret and host comes from the environment, with no default,
so a missing one stops the start instead of running insecurely.

Every variable read here and in base.py is listed, with comments, in
site/env.example; site/DEPLOY.md describes the whole installation.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False


def _secret_key() -> str:
    """DJANGO_SECRET_KEY, refused at start when missing or weak.

    `check --deploy` only warns about a short or default key, and a warning is
    easy to miss in a service's journal: sessions, password reset links and
    signed values would then be forgeable.
    """
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is missing, shorter than 50 characters or an insecure default. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))' "
            "(site/env.example)."
        )
    return key


SECRET_KEY = _secret_key()


def _tips_receipt_secret() -> str:
    """TIPS_RECEIPT_SECRET, refused at start when missing or short.

    It salts the Argon2id hashes of tip receipts and reward claim codes
    (tips/crypto.py). Left to fall back on SECRET_KEY, a routine rotation of
    that key would silently make every receipt and claim code stop working.
    An installation that already ran without it keeps its receipts by setting
    it to the DJANGO_SECRET_KEY it has used so far (site/DEPLOY.md).
    """
    value = os.environ.get("TIPS_RECEIPT_SECRET", "").strip()
    if len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(
            "TIPS_RECEIPT_SECRET is missing or shorter than 50 characters. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))', set it once and never change it "
            "(site/env.example)."
        )
    return value


TIPS_RECEIPT_SECRET = _tips_receipt_secret()
ALLOWED_HOSTS = [h.strip() for h in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# HTTPS is terminated by nginx, which sets X-Forwarded-Proto (site/nginx.conf.example).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# No page of ours is framed, so the strict value (security.W019). Wagtail's
# own preview views still set SAMEORIGIN for the editor's preview panel
# (wagtail.utils.decorators.xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"

# Whole-page cache for anonymous visitors (core/page_cache.py); PAGE_CACHE=0
# switches it off, e.g. while diagnosing a stale page.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") == "1"

# Mail (workflow notifications, password resets). A local relay needs no
# login; the password, when one is needed, only ever comes from the environment.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("DJANGO_EMAIL_USE_SSL", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

LOGGING["root"]["level"] = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")  # noqa: F405
LOGGING["loggers"]["django"]["level"] = LOGGING["root"]["level"]  # noqa: F405
