"""The subdistrict's registry: its communities (社区) with their grid units (网格),
and the schools in them.

Campaigns (venues, outreach coverage), quizzes (schools and classes) and tips
(the area a tip is about) all need the same facts, so they live here once,
edited by staff as snippets and imported from the spreadsheets the office
already keeps. Rows are not translated per locale (no TranslatableMixin):
other apps point foreign keys at them and there must be one row per real
community or school; the English and Traditional names are fields instead.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.chinese import to_traditional_text
from core.choices import SchoolKind

# Codes match rows on import and may end up in URLs or other systems' exports:
# keep them to characters every spreadsheet and URL carries unchanged.
code_validator = RegexValidator(
    r"^[A-Za-z0-9_-]+$",
    _("Use only letters, digits, hyphens and underscores."),
)


def localised_name(name: str, name_en: str = "", name_zh_hant: str = "") -> str:
    """``name`` (Simplified Chinese) in the active language.

    English falls back to the Chinese name; Traditional Chinese to an OpenCC
    conversion of it, so a blank ``name_zh_hant`` is the normal case.
    """
    language = translation.get_language() or ""
    if language == "en" or language.startswith("en-"):
        return name_en or name
    if language.startswith("zh-hant") or language in ("zh-tw", "zh-hk", "zh-mo"):
        return name_zh_hant or to_traditional_text(name)
    return name


class RegistryEntry(models.Model):
    """What a community and a school share: names in three languages, a
    stable code imports match rows on, and the demo mark."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_zh_hant = models.CharField(
        _("Traditional Chinese name"),
        max_length=100,
        blank=True,
        help_text=_("Leave blank to convert the name automatically."),
    )
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[code_validator],
        help_text=_("A short identifier that never changes; imports match rows on it."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made by the demo loader; safe to delete.")
    )
    # Each declares its own ``name_en``: schools' English names run longer.
    name_en = None

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return localised_name(self.name, self.name_en, self.name_zh_hant)

    @staticmethod
    def names_panel():
        return MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("name_zh_hant")],
            heading=_("Names"),
        )


class Community(RegistryEntry, ClusterableModel):
    """A community (社区) of the subdistrict, the unit outreach and tips are counted by."""

    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    panels = [
        RegistryEntry.names_panel(),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("is_demo"),
        InlinePanel("grid_units", heading=_("Grid units"), label=_("grid unit")),
    ]

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["sort_order", "code"]


class GridUnit(Orderable):
    """A grid (网格) inside a community: the smallest area outreach is assigned by."""

    community = ParentalKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="grid_units",
    )
    code = models.CharField(_("code"), max_length=32, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    panels = [FieldRowPanel([FieldPanel("code"), FieldPanel("name"), FieldPanel("name_en")])]

    class Meta(Orderable.Meta):
        verbose_name = _("grid unit")
        verbose_name_plural = _("grid units")
        constraints = [
            models.UniqueConstraint(fields=["community", "code"], name="core_gridunit_unique_code"),
        ]

    def __str__(self):
        return f"{self.community} · {self.name}"

    @property
    def display_name(self) -> str:
        return localised_name(self.name, self.name_en)


class School(RegistryEntry):
    """A school in the subdistrict: quizzes run in its classes, campaigns visit it."""

    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SchoolKind.choices)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schools",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    enrolment = models.PositiveIntegerField(
        _("enrolment"), null=True, blank=True, help_text=_("Number of students.")
    )

    panels = [
        RegistryEntry.names_panel(),
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
        FieldPanel("community"),
        FieldPanel("address"),
        FieldPanel("enrolment"),
        FieldPanel("is_demo"),
    ]

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["code"]
