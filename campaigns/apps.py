"""Publicity campaigns around 6·1, 6·3, 6·26 and the June publicity month (a later issue)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")
