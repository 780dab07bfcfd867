"""Sections, articles, the material library and the help page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BaseStreamBlock
from core.models import BasePage, with_listing_images
from core.search import SegmentedSearchField
from core.visibility import public
from education.choices import (
    PRINT_SIZE_MM,
    MaterialKind,
    PrintSize,
    ServiceKind,
    holds_print_size,
    min_print_pixels,
    print_dpi,
)

INTRO_FEATURES = ["bold", "italic", "link"]

# What an editor may put in a section, and under the home page (education/apps.py).
SECTION_CHILD_TYPES = [
    "education.SectionPage",
    "education.ArticlePage",
    "education.DrugIndexPage",
    "education.NewsIndexPage",
    "education.MaterialLibraryPage",
    "education.HelpPage",
]


class SectionPage(BasePage):
    """A section of the site, listing its children (e.g. 禁毒知识, 青少年)."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [SegmentedSearchField("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    parent_page_types = ["core.HomePage", "education.SectionPage"]
    subpage_types = SECTION_CHILD_TYPES

    search_label = pgettext_lazy("search result", "Section")

    class Meta:
        verbose_name = _("section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = with_listing_images(
            public(self.get_children().live()).specific().order_by("path")
        )
        return context


class ArticlePage(BasePage):
    """An education article built from the shared StreamField blocks."""

    date = models.DateField(_("date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("source"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [SegmentedSearchField("body")]
    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("date"),
        TranslatableField("source"),
        TranslatableField("body"),
    ]
    parent_page_types = ["core.HomePage", "education.SectionPage"]
    subpage_types: list[str] = []

    search_label = pgettext_lazy("search result", "Article")

    class Meta:
        verbose_name = _("article")


class MaterialLibraryPage(BasePage):
    """Posters, leaflets and videos to download and print.

    The files themselves are Wagtail images and documents, kept in collections
    so permissions and the media library stay tidy; this page orders and
    describes them.
    """

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("materials", label=_("Materials")),
    ]
    search_fields = BasePage.search_fields + [SegmentedSearchField("intro")]
    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("materials"),
    ]
    parent_page_types = ["core.HomePage", "education.SectionPage"]
    subpage_types: list[str] = []

    search_label = pgettext_lazy("search result", "Materials")

    class Meta:
        verbose_name = _("material library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        materials = self.materials.select_related("image", "document")
        # Only the kinds this page has: a filter that always finds nothing
        # (no videos yet) is a dead end.
        present = set(materials.values_list("kind", flat=True))
        kinds = [(value, label) for value, label in MaterialKind.choices if value in present]
        kind = request.GET.get("kind", "")
        if kind in present:
            materials = materials.filter(kind=kind)
        else:
            kind = ""
        context.update(materials=materials, kinds=kinds if len(kinds) > 1 else [], active_kind=kind)
        return context


class MaterialItem(Orderable):
    page = ParentalKey(MaterialLibraryPage, related_name="materials", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("preview image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file to download"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The print-ready PDF or the video file. Without one, the image is offered."),
    )
    print_size = models.CharField(
        _("print size"), max_length=10, choices=PrintSize.choices, blank=True
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("document"),
        FieldPanel("print_size"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("material")

    def __str__(self):
        return self.title

    @property
    def prints_from_image(self) -> bool:
        """The image is what is printed (a poster without a PDF)."""
        return self.image_id is not None and self.document_id is None

    def clean(self):
        super().clean()
        if not (self.print_size and self.prints_from_image and self.print_size in PRINT_SIZE_MM):
            return
        image = self.image
        if holds_print_size(image.width, image.height, self.print_size):
            return
        short_min, long_min = min_print_pixels(self.print_size)
        largest = self.largest_print_size()
        raise ValidationError({
            "print_size": _(
                "This image is %(width)s × %(height)s pixels, which prints at only %(dpi)s dpi on "
                "%(size)s. A clear print needs at least 150 dpi: %(min_short)s × %(min_long)s pixels. "
                "Upload a larger image, or choose a smaller size%(largest)s."
            ) % {
                "width": image.width,
                "height": image.height,
                "dpi": print_dpi(image.width, image.height, self.print_size),
                "size": self.print_size,
                "min_short": short_min,
                "min_long": long_min,
                "largest": _(" (this image holds %(size)s)") % {"size": largest} if largest else "",
            }
        })

    def largest_print_size(self) -> str:
        """The largest paper size the image prints clearly on, or ""."""
        fitting = [
            size for size, mm in PRINT_SIZE_MM.items()
            if self.image and holds_print_size(self.image.width, self.image.height, size)
        ]
        return str(max(fitting, key=lambda size: PRINT_SIZE_MM[size])) if fitting else ""

    @property
    def print_offer(self):
        """{label, size, dpi (None for a PDF)} to show the public, or None.

        A PDF carries its own print size. A picture is offered for the chosen
        size only if it holds 150 dpi there, else for the largest it holds
        (material saved before the check existed), else for no print size.
        """
        if not self.print_size:
            return None
        if not self.prints_from_image:
            return {"label": self.get_print_size_display(), "size": self.print_size, "dpi": None}
        size = self.print_size
        if size not in PRINT_SIZE_MM:
            return None
        if not holds_print_size(self.image.width, self.image.height, size):
            size = self.largest_print_size()
            if not size or PRINT_SIZE_MM[size] > PRINT_SIZE_MM[self.print_size]:
                return None
        return {
            "label": dict(PrintSize.choices)[size],
            "size": size,
            "dpi": print_dpi(self.image.width, self.image.height, size),
        }


class ServiceBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=ServiceKind.choices, label=_("Kind"))
    name = blocks.CharBlock(label=_("Name"))
    phone = blocks.CharBlock(required=False, label=_("Phone"))
    address = blocks.CharBlock(required=False, label=_("Address"))
    hours = blocks.CharBlock(required=False, label=_("Opening hours"))
    note = blocks.TextBlock(required=False, label=_("Note"))

    class Meta:
        icon = "site"
        template = "blocks/service_block.html"
        label = _("Service")


class HelpPage(BasePage):
    """Where to get help: hotlines, community rehabilitation, treatment, clinics."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    services = StreamField(
        [("service", ServiceBlock())], blank=True, verbose_name=_("services")
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("services"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        SegmentedSearchField("intro"),
        SegmentedSearchField("services"),
        SegmentedSearchField("body"),
    ]
    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("services"),
        TranslatableField("body"),
    ]
    parent_page_types = ["core.HomePage", "education.SectionPage"]
    subpage_types: list[str] = []

    search_label = pgettext_lazy("search result", "Help")

    class Meta:
        verbose_name = _("help page")

    def services_by_kind(self):
        groups: dict[str, list] = {}
        for block in self.services:
            groups.setdefault(block.value["kind"], []).append(block.value)
        labels = dict(ServiceKind.choices)
        return [(labels.get(kind, kind), items) for kind, items in groups.items()]
