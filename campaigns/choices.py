"""Choices of the campaigns app (docs/architecture.md: TextChoices in choices.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Counting(models.TextChoices):
    """How a yearly date names its number: the 39th International Day, or the
    187th anniversary of the Humen opium destruction."""

    NONE = "none", _("Not counted")
    ORDINAL = "ordinal", _("The Nth (first year is the 1st)")
    ANNIVERSARY = "anniversary", _("Nth anniversary (first year is year 0)")


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    WECHAT = "wechat", _("WeChat post")
    SMS = "sms", _("SMS")
    POSTERS = "posters", _("Posters and exhibition boards")
    SCHOOL_TALKS = "school_talks", _("School talks")


class Audience(models.TextChoices):
    STUDENTS = "students", _("Students")
    PARENTS = "parents", _("Parents and families")
    TEACHERS = "teachers", _("Teachers")
    RESIDENTS = "residents", _("Community residents")
    EMPLOYEES = "employees", _("Employees")
    VENUE_OPERATORS = "venue_operators", _("Venue operators")


class VenueType(models.TextChoices):
    """The six "六进" destinations of outreach."""

    SCHOOL = "school", pgettext_lazy("venue type", "Schools")
    COMMUNITY = "community", pgettext_lazy("venue type", "Communities")
    FAMILY = "family", pgettext_lazy("venue type", "Families")
    WORKPLACE = "workplace", pgettext_lazy("venue type", "Workplaces")
    VILLAGE = "village", pgettext_lazy("venue type", "Villages")
    PUBLIC_VENUE = "public_venue", pgettext_lazy("venue type", "Public venues")
