import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# Manifest storage needs collectstatic first; tests render templates without it.
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Fast password hashing: tests create many users and never need real strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The cheapest Argon2id libsodium accepts, for the same reason: the parameters
# are stored with each hash and wrapped key (tips/crypto.py), so the tests
# that check production strength set base.py's values back and still read
# what was made with these.
TIPS_ARGON2_TIME_COST = 1
TIPS_ARGON2_MEMORY_KIB = 8
# Each test run gets its own media and cache folders, so no run sees another's files.
_TEST_VAR = Path(os.environ.get("TEST_VAR_DIR", BASE_DIR / "var" / "test"))  # noqa: F405
MEDIA_ROOT = _TEST_VAR / "media"
if not REDIS_URL:  # noqa: F405
    # The file cache, as deployed (not per-process memory, which would hide
    # what only shows with a shared, bounded, expiring cache), in this run's folder.
    for _alias in ("default", "pages"):
        CACHES[_alias]["LOCATION"] = str(_TEST_VAR / "cache" / _alias)  # noqa: F405
# Tasks run inline so a test sees their effect without a running cluster;
# tests that need the real cluster start one themselves.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The test runner's flush between transactional tests, able to empty the
# append-only tips audit log (tests/flushing/); a real site's flush is refused.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.flushing"]  # noqa: F405
# Serve static files from the finders: tests do not run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
