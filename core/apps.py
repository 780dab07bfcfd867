from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        # Signal receivers only; schedules are created by a post_migrate handler.
        from . import signals, task_guard, upstream  # noqa: F401

        upstream.cache_active_locale()
