from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# A module, not the class: a second AppConfig class in this module's namespace
# would stop Django from picking CoreConfig for "core".
from wagtail.contrib.frontend_cache import apps as frontend_cache_apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        # Signal receivers only; schedules are created by a post_migrate handler.
        from . import signals, task_guard  # noqa: F401


class FrontendCacheConfig(frontend_cache_apps.WagtailFrontendCacheAppConfig):
    """wagtail.contrib.frontend_cache (its backends and settings) without its
    publish and unpublish receivers: they purge inside the publish's
    transaction, and they miss moves and deletes. core/signals.py purges on
    every path once the change commits (the caching story in core/caching.py,
    docs/architecture.md)."""

    default = False

    def ready(self):
        pass
