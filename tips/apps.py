"""Anonymous tip-offs (a later issue). Sealed: uses only core/."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Tips")
