"""Sections, articles, the material library and the help page."""

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
from education.choices import MaterialKind, PrintSize, ServiceKind

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
        kind = request.GET.get("kind", "")
        if kind in MaterialKind.values:
            materials = materials.filter(kind=kind)
        else:
            kind = ""
        context.update(materials=materials, kinds=MaterialKind.choices, active_kind=kind)
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
