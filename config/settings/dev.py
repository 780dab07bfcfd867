import contextlib

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Editors see their change at once in development.
PAGE_CACHE_ENABLED = False
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403

# Show the task worker starting and running its schedules in `make run`.
LOGGING["loggers"]["django-q"] = {"handlers": ["console"], "level": "INFO", "propagate": False}  # noqa: F405
# Django's INFO lines (autoreload, ...) as before, printed once by the root handler.
LOGGING["loggers"]["django"]["level"] = "INFO"  # noqa: F405
