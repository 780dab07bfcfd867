"""Settings shared by every environment. No secrets live here.

Environment variables (all optional here; production.py requires some):
DATABASE_URL (PostgreSQL when set, SQLite otherwise), REDIS_URL (cache, session cache and
task broker when set), REDIS_SOCKET_TIMEOUT, DJANGO_MEDIA_ROOT, WAGTAILADMIN_BASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "core",
    "education",
    "campaigns",
    "quizzes",
    "tips",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (wagtail-localize docs)
    "wagtail.contrib.forms",
    # wagtail.contrib.frontend_cache, purging after commit (core/apps.py).
    "core.apps.FrontendCacheConfig",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_q",
    "axes",
    # TOTP second factor for the police console (tips/otp.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: on tips paths it removes the client address, forwarding headers,
    # user agent, referrer and foreign cookies before any other code sees them.
    "tips.privacy.TipsPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the CSRF and session middleware, so it sees their cookies.
    "core.caching.CachePolicyMiddleware",
    "core.middleware.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SiteHomeMiddleware",
    "core.middleware.AdminPageAccessMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.TranslationFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page's answer.
    "core.login_limits.AnonymousAxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# ---------------------------------------------------------------- database
# SQLite by default, in WAL mode with a busy timeout so the web process and the
# django-q cluster can write at the same time without "database is locked".
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", VAR_DIR / "db.sqlite3"))
    # SQLite makes the file but not its folder (var/ is not in the repository).
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            # Keep the connection: reconnecting re-runs the PRAGMAs on every request.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache
# "default" holds fragments and the page chrome; "pages" holds whole anonymous
# responses and a copy of the invalidation state (core/caching.py says what
# invalidates what). Both must be shared by every gunicorn worker, so the
# embedded default is the file system, not per-process memory. Every cache is
# bounded: the file caches by MAX_ENTRIES (the fragments of 500 drug pages in
# three languages take about 4,500 entries), Redis by its own maxmemory with
# an LRU policy (site/DEPLOY.md). Every process reads what any other wrote, so
# entries are data, never pickles (core/cache_serializer.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
FILE_CACHE_MAX_ENTRIES = int(os.environ.get("FILE_CACHE_MAX_ENTRIES", 30_000))
# While Redis is down or hung the site runs on the database, only slower
# (docs/architecture.md, "The caching story"): django-redis answers every cache
# call as a miss instead of raising (IGNORE_EXCEPTIONS), each call gives up
# after REDIS_SOCKET_TIMEOUT seconds, and the failures are logged once a minute
# per process, not per request (core.logging.OncePerMinuteFilter).
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", 0.2))


def redis_cache(url: str, key_prefix: str, timeout: int) -> dict:
    """One django-redis cache that an outage slows down but never breaks."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {
            "SERIALIZER": "core.cache_serializer.RedisSerializer",
            "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            "IGNORE_EXCEPTIONS": True,
        },
    }


def redis_caches(url: str) -> dict:
    return {"default": redis_cache(url, "jdb", 3600), "pages": redis_cache(url, "jdb-pages", 600)}


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache_outage"

if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
    # Sessions are kept in the database and read through the cache: an
    # eviction (volatile-lru, site/DEPLOY.md), a Redis restart or an outage
    # costs one query, never a staff member's login or a student's seat.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.BoundedFileCache",
            "LOCATION": str(VAR_DIR / "cache" / "default"),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 4},
        },
        "pages": {
            "BACKEND": "core.cache_backends.BoundedFileCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 4},
        },
    }

# No "renditions" cache: Wagtail then keeps rendition lookups in "default",
# which every worker shares (https://docs.wagtail.org/en/stable/advanced_topics/performance.html#caching-image-renditions).
# When an edit deletes an image's renditions, Wagtail deletes their entries
# there too, so no worker goes on handing out URLs of deleted files, as each
# worker's own memory did for up to an hour (tests/core/test_renditions.py).

# ---------------------------------------------------------------- auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Login attempt limits (django-axes, core/login_limits.py): 5 wrong passwords
# lock that username, not the address, for 15 minutes on every login form.
# axes checks the lock first, then Django's own backend logs in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.login_limits.lockout_response"
# No client address and no user agent is stored, in attempts or in a log of
# successful logins (the site stores no addresses: tips must stay anonymous).
AXES_CLIENT_IP_CALLABLE = "core.login_limits.no_client_address"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Wagtail's front-end login (/_util/login/) with the form's errors shown.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "core/login.html"

# ---------------------------------------------------------------- i18n
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("zh-hant", "繁體中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language is chosen by the URL alone (no prefix = zh-hans, config/urls.py),
# so a cached page never depends on a cookie or Accept-Language.

# ---------------------------------------------------------------- static and media
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Generated demo posters and leaflets (education/demo/cache.py), so loading the
# demo again (tests load it several times) does not redraw full-size posters.
DEMO_CACHE_DIR = Path(os.environ.get("DEMO_CACHE_DIR", BASE_DIR / "var" / "demo-cache"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "core.storage.StaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 3600

# ---------------------------------------------------------------- wagtail
WAGTAIL_SITE_NAME = "南城街道禁毒办"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # 'simple' splits on spaces only; core/search.py has already segmented
        # the Chinese text into space-separated words at index time.
        "SEARCH_CONFIG": "simple",
    }
}
# No avatars from gravatar.com: a third-party host (blocked in mainland China)
# that would receive a hash of every editor's e-mail address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard would ask releases.wagtail.org for the latest version from each
# editor's browser: another third-party host. Upgrades follow requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's responsive wrapper is an inline style attribute (padding-bottom), which the
# CSP forbids; the embed's iframe gets its 16:9 shape from site.css instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploads above these limits are refused with a form error, not processed:
# 10 MB on disk and 40 megapixels decoded (guards against decompression bombs).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Document links go through Wagtail's view (/documents/<id>/<name>), which
# checks collection privacy; the files themselves are never served from /media/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "zip", "mp4"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
# wagtail-localize would publish a new translation at once when its source is
# live; translations start as drafts and go live only when someone with
# publish permission publishes them (core/localize_guard.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# "Translate" in the translation editor fills a zh-hant draft from zh-hans with
# OpenCC (core/machine_translation.py); other language pairs need a person.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "core.machine_translation.OpenCCTranslator", "OPTIONS": {}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("zh-hant", "繁體中文"),
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------- django-q2
# The ORM broker on the default database unless Redis is configured. timeout
# must stay below retry (django-q2 docs), or a slow task runs twice.
Q_CLUSTER = {
    "name": "jdb",
    "workers": 1 if not DATABASE_URL else 2,
    "timeout": 120,
    "retry": 180,
    "max_attempts": 3,
    "queue_limit": 50,
    "catch_up": False,
    "label": _("Task queue"),
}
if REDIS_URL:
    # A short connect timeout, as for the cache: a teacher's export queued
    # while Redis is down fails fast and is made at once instead
    # (quizzes/admin_views.py). The read timeout must outlast the one-second
    # BLPOP with which django-q's Redis broker waits for tasks, or every idle
    # poll of the worker fails and it sleeps ten seconds.
    _sep = "&" if "?" in REDIS_URL else "?"
    Q_CLUSTER["redis"] = f"{REDIS_URL}{_sep}socket_connect_timeout={REDIS_SOCKET_TIMEOUT}&socket_timeout=3"
else:
    Q_CLUSTER["orm"] = "default"

# ---------------------------------------------------------------- security headers
# No third-party host anywhere: everything is served from our own origin.
# No inline script or style on public pages: the one inline <style> (the 500
# page, which must not depend on static files) carries the request's nonce.
CONTENT_SECURITY_POLICY = {
    # Paths listed here get no policy at all; none do. The admin gets its own
    # policy instead (ADMIN_CONTENT_SECURITY_POLICY, core.middleware.SiteCSPMiddleware).
    "EXCLUDE_URL_PREFIXES": [],
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF, NONCE],
        "script-src": [SELF],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF],
        # Matches X-Frame-Options DENY (production.py): no site may frame ours.
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# The Wagtail and Django admins, as strict as Wagtail 8 allows (checked in a
# browser for violations: tests/browser/test_admin_csp.py).
ADMIN_CSP_URL_PREFIXES = ["/admin/", "/django-admin/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "img-src": [SELF, "data:", "blob:"],
    "style-src": [SELF],
    # Wagtail 8 still writes inline <script>s (date choosers, the page editor's
    # set-up, scripts in HTML loaded into modals) and carries no nonce on them.
    # No 'unsafe-eval': nothing in the admin needs it.
    "script-src": [SELF, UNSAFE_INLINE],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "media-src": [SELF, "blob:"],
    "frame-src": [SELF],
    # The page editor's live preview frames our own preview view.
    "frame-ancestors": [SELF],
    "form-action": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# ---------------------------------------------------------------- quizzes
# Students' attempts are kept through the end of the school year they were
# taken in (15 July) plus 90 days, then anonymised (quizzes/retention.py).
QUIZ_RETENTION = {"school_year_ends": (7, 15), "days": 90}
# The join form under pressure (quizzes/join_guard.py). Past this many wrong
# codes in ten minutes, everyone's together (a school's 2,000 joins with 5 %
# of students mistyping twice make 200), a device that has not joined brings
# a proof of work of QUIZ_POW_BITS (one more per doubling), or without
# JavaScript waits QUIZ_NOSCRIPT_WAIT_SECONDS, at most
# QUIZ_NOSCRIPT_PER_WINDOW such joins per ten minutes over everyone.
QUIZ_WRONG_CODES_CALM = 300
QUIZ_POW_BITS = 16
QUIZ_NOSCRIPT_WAIT_SECONDS = 30
QUIZ_NOSCRIPT_PER_WINDOW = 60

# ---------------------------------------------------------------- tips
# Anonymous tips (tips/). The receipt lookup hash uses a secret salt derived
# from TIPS_RECEIPT_SECRET, or from SECRET_KEY when unset: set it in
# production, so that rotating SECRET_KEY does not lock tipsters out.
TIPS_RECEIPT_SECRET = os.environ.get("TIPS_RECEIPT_SECRET", "")
TIPS_POW_BITS = int(os.environ.get("TIPS_POW_BITS", 16))  # hashcash difficulty (tips/antispam.py)
# Argon2id for receipts, claim codes and passphrases (tips/crypto.py). Stored
# with every hash and wrapped key: raising them applies to what is made
# afterwards, and locks nobody out.
TIPS_ARGON2_TIME_COST = 3
TIPS_ARGON2_MEMORY_KIB = 65536
TIPS_MAX_FILES = 5
TIPS_MAX_FILE_BYTES = 10 * 1024 * 1024
# One photo: 48 megapixels, so a 48 MP phone's full-size photo (8000 × 6000)
# is taken; most phones save 12 MP by default. It cannot exceed the request's
# bound below, which a 50 MP or larger photo passes; those are refused with a
# message asking for a smaller photo (the phone's default size).
TIPS_MAX_IMAGE_PIXELS = 48_000_000
# All the photos of one request together, read from their headers before any
# is decoded (tips/uploads.py): bounds the memory and CPU one request can take.
TIPS_MAX_REQUEST_PIXELS = 48_000_000
# Without JavaScript (no proof of work) a form passes by captcha only this
# long after its page opened, and only this many an hour over everyone
# (tips/antispam.py).
TIPS_NOSCRIPT_WAIT_SECONDS = 20
TIPS_NOSCRIPT_PER_HOUR = 10
TIPS_MAX_DESCRIPTION = 5000
TIPS_RETENTION_DAYS = 90  # a closed tip is purged this long after closing (tips/retention.py)
TIPS_TIPSTER_ACCESS_DAYS = 30  # the receipt stops working this long after closing
TIPS_REQUIRE_OTP = True  # unlocking a unit's tips also asks for an authenticator code (tips/otp.py)
# Rewards (tips/rewards.py), after 毒品违法犯罪举报奖励办法 (禁毒办通〔2018〕70号).
# The national tiers run from ¥300 to ¥300,000 (the top award, for a special
# contribution to a particularly serious case); provinces may set their own
# scales, so both bounds are settings, not rules of this site.
TIPS_REWARD_MIN_YUAN = int(os.environ.get("TIPS_REWARD_MIN_YUAN", 300))
TIPS_REWARD_MAX_YUAN = int(os.environ.get("TIPS_REWARD_MAX_YUAN", 300_000))
# The tipster claims within 2 months of being notified (the day the status
# page first shows the approval).
TIPS_REWARD_CLAIM_MONTHS = int(os.environ.get("TIPS_REWARD_CLAIM_MONTHS", 2))
# Police are reminded when a solved case has waited this many working days
# (Monday to Friday) without a reward proposal: the rules' 15.
TIPS_REWARD_PROPOSAL_WORKING_DAYS = 15
# A proposed reward not approved or rejected within this many days of being
# proposed lapses (tips/rewards.py, lapse_undecided_proposals): the rules want
# the tipster notified within 15 working days of the case being solved, so a
# proposal still waiting after as long as a closed tip is kept is taken as
# abandoned, and its tip is no longer kept for it. None: TIPS_RETENTION_DAYS.
TIPS_REWARD_DECISION_DAYS = None
# Chinese public holidays and adjusted working days are not known to the
# code: list those of the year here (ISO dates) from the State Council's notice.
TIPS_PUBLIC_HOLIDAYS = []  # weekdays off, e.g. "2026-10-01"
TIPS_ADJUSTED_WORKING_DAYS = []  # weekends worked (调休), e.g. "2026-09-27"
# A claimant's identity is kept as long as the payment's original voucher:
# 30 years under 会计档案管理办法 (财政部、国家档案局令第79号, 2015), counted
# from the end of the accounting year of the claim; then a daily task destroys it.
TIPS_REWARD_IDENTITY_YEARS = 30
TIPS_REWARD_CLAIM_PLACE = os.environ.get("TIPS_REWARD_CLAIM_PLACE", "")

# Error reports (the DEBUG page, mails to ADMINS) of a tips request carry no
# POST value, variable, header or cookie.
DEFAULT_EXCEPTION_REPORTER_FILTER = "tips.privacy.TipsExceptionReporterFilter"

# ---------------------------------------------------------------- logging
# Every handler carries core.logging.PrivacyFilter: no client address, query
# string or referrer reaches a log (tips must stay anonymous). Django's own
# defaults (django.utils.log.DEFAULT_LOGGING) are replaced for the "django"
# and "django.server" loggers: its console handler repeated every line the
# root handler already printed, and its mail_admins handler would mail the
# request's META (address, referrer, user agent).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "privacy": {"()": "core.logging.PrivacyFilter"},
        "once_a_minute": {"()": "core.logging.OncePerMinuteFilter"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["privacy"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["privacy"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # No handler of its own: its records reach the root handler once.
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        # runserver's request lines (not used under gunicorn).
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Every cache call that Redis failed (DJANGO_REDIS_LOGGER above); the
        # filter lets one through per process and minute.
        "core.cache_outage": {"handlers": [], "level": "WARNING", "filters": ["once_a_minute"]},
    },
}

# Whole-page cache for anonymous visitors (core/page_cache.py), and how long
# fragments and the chrome are kept at most (core/caching.py).
PAGE_CACHE_ENABLED = True
PAGE_CACHE_SECONDS = 600
FRAGMENT_CACHE_SECONDS = 3600

# nginx or a CDN in front may keep anonymous pages (core/caching.py sets
# s-maxage); a publish purges the page's URLs there through Wagtail's frontend
# cache app. FRONTEND_CACHE_PURGE_URL is nginx's purge location (site/DEPLOY.md);
# unset, nothing is purged and nothing is sent anywhere.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
WAGTAILFRONTENDCACHE = (
    {"nginx": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
               "LOCATION": FRONTEND_CACHE_PURGE_URL}}
    if FRONTEND_CACHE_PURGE_URL else {}
)

# Titles are indexed through core.search.SegmentedSearchField (a SearchField
# subclass) instead of Page's plain SearchField("title"), which this check
# does not recognise.
SILENCED_SYSTEM_CHECKS = [
    "wagtailsearch.W001",
    # django-axes looks for its own middleware by name; ours subclasses it
    # (core.login_limits.AnonymousAxesMiddleware).
    "axes.W002",
    # Lockouts are keyed on the username alone on purpose: no client address
    # is stored (core/login_limits.py); nginx limits requests per address.
    "axes.W006",
]
