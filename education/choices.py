from django.db import models
from django.utils.translation import gettext_lazy as _


class DrugCategory(models.TextChoices):
    """The four groups Chinese prevention teaching uses."""

    TRADITIONAL = "traditional", _("Traditional drug")
    SYNTHETIC = "synthetic", _("Synthetic drug")
    NPS = "nps", _("New psychoactive substance")
    DISGUISED = "disguised", _("Disguised new-type drug")


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    LEAFLET = "leaflet", _("Leaflet")
    VIDEO = "video", _("Video")
    OTHER = "other", _("Other")


class PrintSize(models.TextChoices):
    NONE = "", _("Not for print")
    A4 = "A4", "A4 (210 × 297 mm)"
    A3 = "A3", "A3 (297 × 420 mm)"
    A2 = "A2", "A2 (420 × 594 mm)"
    A1 = "A1", "A1 (594 × 841 mm)"
    ROLLUP = "rollup", _("Roll-up banner (800 × 2000 mm)")


class ServiceKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    COMMUNITY = "community", _("Community drug rehabilitation")
    VOLUNTARY = "voluntary", _("Voluntary treatment")
    METHADONE = "methadone", _("Methadone maintenance clinic")
    COUNSELLING = "counselling", _("Counselling")
