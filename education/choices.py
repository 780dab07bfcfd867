from django.db import models
from django.utils.translation import gettext_lazy as _


class DrugCategory(models.TextChoices):
    """The groups Chinese prevention teaching uses, and the two the office's
    work on young people needs since 2024: medicines that are controlled as
    narcotic or psychotropic drugs and abused (麻精药品滥用, the 2024–2025
    national theme), and addictive substances not on any control list
    (未列管成瘾性物质, such as nitrous oxide)."""

    TRADITIONAL = "traditional", _("Traditional drug")
    SYNTHETIC = "synthetic", _("Synthetic drug")
    NPS = "nps", _("New psychoactive substance")
    DISGUISED = "disguised", _("Disguised new-type drug")
    MEDICINE = "medicine", _("Abused narcotic or psychotropic medicine")
    UNSCHEDULED = "unscheduled", _("Uncontrolled addictive substance")


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


# Paper sizes in millimetres (short side, long side), and the least
# resolution a picture needs to print clearly on them.
PRINT_SIZE_MM = {
    PrintSize.A4: (210, 297),
    PrintSize.A3: (297, 420),
    PrintSize.A2: (420, 594),
    PrintSize.A1: (594, 841),
    PrintSize.ROLLUP: (800, 2000),
}
MIN_PRINT_DPI = 150


def min_print_pixels(size: str, dpi: int = MIN_PRINT_DPI) -> tuple[int, int]:
    """(short side, long side) in pixels a picture needs for ``size`` at ``dpi``:
    A2 needs 2480 × 3508."""
    return tuple(round(mm / 25.4 * dpi) for mm in PRINT_SIZE_MM[size])


def print_dpi(width: int, height: int, size: str) -> int:
    """The resolution a ``width`` × ``height`` picture prints at on ``size``
    (either orientation; the tighter side counts)."""
    short_mm, long_mm = PRINT_SIZE_MM[size]
    short_px, long_px = sorted((width, height))
    return round(min(short_px / short_mm, long_px / long_mm) * 25.4)


def holds_print_size(width: int, height: int, size: str) -> bool:
    short_min, long_min = min_print_pixels(size)
    short_px, long_px = sorted((width, height))
    return short_px >= short_min and long_px >= long_min


class ServiceKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    COMMUNITY = "community", _("Community drug rehabilitation")
    VOLUNTARY = "voluntary", _("Voluntary treatment")
    METHADONE = "methadone", _("Methadone maintenance clinic")
    COUNSELLING = "counselling", _("Counselling")
