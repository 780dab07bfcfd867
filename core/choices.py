"""Choices shared by core's models and by the apps that read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolKind(models.TextChoices):
    """The stages of China's school system that anti-drug education reaches."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_MIDDLE = "junior_middle", _("Junior middle school")
    SENIOR_HIGH = "senior_high", _("Senior high school")
    VOCATIONAL = "vocational", _("Vocational school")
    UNIVERSITY = "university", _("University or college")
