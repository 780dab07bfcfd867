"""Publicity campaigns around 6·1, 6·3, 6·26 and the June publicity month:
key dates, campaign pages, the home banner and countdown, the calendar,
events and outreach reports (issue 7)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from core.plugins import Feature, register

        register(
            Feature(
                app_label="campaigns",
                home_subpage_types=["campaigns.CampaignIndexPage"],
                linked_page_types=["campaigns.CampaignIndexPage"],
                stylesheets=["css/campaigns.css"],
                footer_links=[("campaigns:calendar", _("Calendar"))],
                head_links=[("campaigns:calendar_ics", _("Anti-drug key dates and events"), "text/calendar")],
                banners=["campaigns.banners.active_campaign"],
                schedules="campaigns.schedules.SCHEDULES",
                snapshots={"campaign-banners": "campaigns.banners.banner_schedule"},
                # The calendar's view (month or list), year and month.
                query_params=["view", "year", "month"],
                urls="campaigns.urls",
                demo="campaigns.demo.load",
            )
        )
