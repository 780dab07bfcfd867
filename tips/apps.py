"""Anonymous tips. Sealed: uses only core/, and nothing outside tips/ imports it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Tips")

    def ready(self):
        from core.plugins import Feature, register


        register(
            Feature(
                app_label="tips",
                footer_links=[("tips:submit", _("Report drug crime anonymously"))],
                stylesheets=["css/tips.css"],
                urls="tips.urls",
                privacy="tips.notice.section",
                demo="tips.demo.load",
                schedules="tips.schedules.SCHEDULES",
                tasks=["tips.tasks.announce_new_tips"],
                # Tips change nothing a visitor sees on cached pages.
                public_models=False,
            )
        )
