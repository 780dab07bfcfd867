"""The drug encyclopedia: one typed page per drug and an A–Z index.

The fields follow the schema of the DEA's "Drugs of Abuse" resource guide,
adapted to Chinese law, so every entry reads the same way.
"""

import re

from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pypinyin import Style, lazy_pinyin
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import CharBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BaseStreamBlock
from core.models import BasePage, with_listing_images
from core.search import SegmentedSearchField
from core.visibility import children_with_fallback
from education.choices import DrugCategory

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
_STREET_NAME_SPLIT = re.compile(r"[,，、;；\n]+")
# For search, "bing (冰, ice)" also names bing, 冰 and ice.
_NAME_PARTS = re.compile(r"[,，、;；\n()（）]+")


def split_street_names(value) -> list[str]:
    """Street names as a list: from the StreamField of names (or any list of
    names), or from text ("冰、溜冰") as stored before the street names became
    a list."""
    if not value:
        return []
    if isinstance(value, str):
        parts = _STREET_NAME_SPLIT.split(value)
    else:
        parts = [getattr(item, "value", item) for item in value]
    return [str(n).strip() for n in parts if str(n).strip()]


def index_letter(title: str) -> str:
    """A–Z letter for a title: pinyin initial for Chinese, else the first letter."""
    for char in title.strip():
        if char.isascii() and char.isalpha():
            return char.upper()
        if "\u4e00" <= char <= "\u9fff":
            return lazy_pinyin(char, style=Style.FIRST_LETTER)[0][:1].upper()
    return "#"


class DrugIndexPage(BasePage):
    """The encyclopedia's A–Z index, filterable by category."""

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    parent_page_types = ["core.HomePage", "education.SectionPage"]
    subpage_types = ["education.DrugPage"]

    search_label = pgettext_lazy("search result", "Drug A–Z")

    class Meta:
        verbose_name = _("drug A–Z index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in DrugCategory.values:
            category = ""
        # Built only if the template reads it: when the page body comes from
        # the fragment cache ({% pagefragment %}), the 60 drug pages and the
        # count are never needed (they cost most of an uncached A–Z request).
        listing = SimpleLazyObject(lambda: self._drug_listing(request, category))
        context.update(
            drugs_page=SimpleLazyObject(lambda: listing["page"]),
            letter_groups=SimpleLazyObject(lambda: listing["groups"]),
            categories=DrugCategory.choices,
            active_category=category,
        )
        return context

    def _drug_listing(self, request, category: str) -> dict:
        # In a translated encyclopedia, drugs nobody has translated yet are
        # listed from the default language instead of missing.
        drugs = children_with_fallback(DrugPage, self)
        drugs = drugs.order_by("index_letter", "title")
        if category:
            drugs = drugs.filter(category=category)
        page = Paginator(drugs, 60).get_page(request.GET.get("page"))
        groups: dict[str, list] = {}
        # Pictures with their renditions in one query: looked up one by one in
        # the shared cache instead, Wagtail reads and writes it back for every
        # picture (about 45 file writes for the demo's A–Z).
        for drug in with_listing_images(page.object_list):
            groups.setdefault(drug.index_letter, []).append(drug)
        return {"page": page, "groups": groups}


class DrugPage(BasePage):
    """One drug: what it is, what it looks like, what it does, what the law says."""

    # ---------------------------------------------------------------- identity
    scientific_name = models.CharField(_("scientific name"), max_length=200, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=DrugCategory.choices, default=DrugCategory.SYNTHETIC
    )
    # One block per name, so a name may hold commas or brackets ("bing (冰, ice)")
    # and wagtail-localize offers each name to translators as its own segment.
    street_names = StreamField(
        [("name", CharBlock(label=_("Street name"), max_length=100))],
        blank=True,
        verbose_name=_("street names"),
        help_text=_("Names it is sold or known under, one per block."),
    )
    index_letter = models.CharField(max_length=1, editable=False, default="#", db_index=True)
    # ---------------------------------------------------------------- description
    appearance = RichTextField(_("what it looks like"), blank=True, features=TEXT_FEATURES)
    # ImageBlock: each picture carries alt text saying what it shows, which
    # translators translate (the picture itself is the same in every language).
    appearance_images = StreamField(
        [("image", ImageBlock(label=_("Image")))],
        blank=True,
        verbose_name=_("pictures"),
    )
    # Students read these pages: the section says what a parent or teacher
    # should recognise (objects, packaging, behaviour), never how a drug is taken.
    how_used = RichTextField(
        _("signs to recognise"), blank=True, features=TEXT_FEATURES,
        help_text=_("What a parent or teacher should recognise: objects, packaging, behaviour. "
                    "Never describe how the drug is taken."),
    )
    effects_mind = RichTextField(_("effects on the mind"), blank=True, features=TEXT_FEATURES)
    effects_body = RichTextField(_("effects on the body"), blank=True, features=TEXT_FEATURES)
    overdose = RichTextField(
        _("overdose and dependence"), blank=True, features=TEXT_FEATURES
    )
    # ---------------------------------------------------------------- law and help
    legal_status = RichTextField(
        _("legal status and penalties in China"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("禁毒法; 刑法 articles 347–357; 治安管理处罚法."),
    )
    get_help = RichTextField(_("where to get help"), blank=True, features=TEXT_FEATURES)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("more"))

    identity_panels = [
        FieldPanel("scientific_name"),
        FieldPanel("category"),
        FieldPanel("street_names"),
    ]
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(identity_panels, heading=_("Identity")),
        MultiFieldPanel(
            [FieldPanel("appearance"), FieldPanel("appearance_images")],
            heading=_("What it looks like"),
        ),
        FieldPanel("how_used"),
        MultiFieldPanel(
            [FieldPanel("effects_mind"), FieldPanel("effects_body"), FieldPanel("overdose")],
            heading=_("Effects"),
        ),
        MultiFieldPanel(
            [FieldPanel("legal_status"), FieldPanel("get_help")], heading=_("Law and help")
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        SegmentedSearchField("scientific_name"),
        SegmentedSearchField("street_names", boost=2),
        SegmentedSearchField("appearance"),
        SegmentedSearchField("how_used"),
        SegmentedSearchField("effects_mind"),
        SegmentedSearchField("effects_body"),
        SegmentedSearchField("overdose"),
        SegmentedSearchField("legal_status"),
        SegmentedSearchField("body"),
        SegmentedSearchField("get_category_display"),
    ]
    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("scientific_name"),
        SynchronizedField("category"),
        TranslatableField("street_names"),
        TranslatableField("appearance"),
        TranslatableField("appearance_images"),
        TranslatableField("how_used"),
        TranslatableField("effects_mind"),
        TranslatableField("effects_body"),
        TranslatableField("overdose"),
        TranslatableField("legal_status"),
        TranslatableField("get_help"),
        TranslatableField("body"),
    ]

    parent_page_types = ["education.DrugIndexPage"]
    subpage_types: list[str] = []

    search_label = pgettext_lazy("search result", "Drug")

    class Meta:
        verbose_name = _("drug page")

    @property
    def street_name_list(self) -> list[str]:
        return split_street_names(self.street_names)

    def save(self, *args, **kwargs):
        self.index_letter = index_letter(self.title)
        super().save(*args, **kwargs)
        # New street names segment as whole words from now on in this process.
        from core.search import add_words

        add_words(self.street_name_list + [self.title])


def drug_dictionary_words():
    """Every drug's name and street names, for the search dictionary."""
    for title, street_names in DrugPage.objects.values_list("title", "street_names"):
        yield title
        yield from split_street_names(street_names)


def drugs_named(needle: str) -> list[int]:
    """Ids of the drug pages whose name or one of whose street names is
    ``needle`` (as core.search.normalise_query gives it), with their
    translations, for core.search.register_ranker: 冰毒 searched on /en/
    names the English page translated from the page called 冰毒, and
    "Methamphetamine" on the Chinese site names the Chinese page. The names
    are read once per publish."""
    from core.caching import process_memo
    from core.search import normalise_query

    memo = process_memo("education.drug_names")
    if "names" not in memo:
        keys: dict[str, set] = {}  # name -> translation keys
        translations: dict = {}  # translation key -> page ids in every language
        rows = DrugPage.objects.values_list("pk", "translation_key", "title", "street_names")
        for pk, translation_key, title, street_names in rows:
            translations.setdefault(translation_key, []).append(pk)
            # "Methamphetamine (crystal meth)" is named by the whole and by each part.
            whole = [title, *split_street_names(street_names)]
            parts = [part for name in whole for part in _NAME_PARTS.split(name)]
            for name in {normalise_query(n) for n in whole + parts}:
                if name:
                    keys.setdefault(name, set()).add(translation_key)
        memo["names"] = {name: [pk for key in found for pk in translations[key]] for name, found in keys.items()}
    return memo["names"].get(needle, [])
