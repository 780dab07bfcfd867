"""Pages every app builds on: the abstract BasePage and the HomePage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core import caching, plugins
from core.blocks import BaseStreamBlock
from core.search import SegmentedSearchField
from core.slugs import has_chinese, pinyin_slug
from core.visibility import active_locale, localized_home, may_be_restricted, public

# Page's own search fields, less the raw title: titles are indexed segmented.
_PAGE_FILTER_FIELDS = [
    f
    for f in Page.search_fields
    if not (isinstance(f, index.SearchField) and f.field_name == "title")
]


def images_with_renditions(ids) -> dict:
    """Images by id, each with every rendition made of it, in one query (the
    renditions, each joined to its image) where Wagtail's
    ``prefetch_renditions`` takes two. Images with no rendition yet are read
    in a second query, which happens once: their renditions are made now."""
    ids = set(ids)
    if not ids:
        return {}
    images: dict = {}
    renditions = get_image_model().get_rendition_model().objects.filter(image_id__in=ids).select_related("image")
    for rendition in renditions:
        image = images.setdefault(rendition.image_id, rendition.image)
        if not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = []
        rendition.image = image
        image.prefetched_renditions.append(rendition)
    missing = ids - images.keys()
    if missing:
        for image in get_image_model().objects.filter(pk__in=missing):
            image.prefetched_renditions = []
            images[image.pk] = image
    return images


def with_listing_images(pages):
    """``pages`` (specific, of mixed types) as a list, with their listing images
    and renditions loaded in one query instead of one per page."""
    pages = list(pages)
    with_images = [p for p in pages if getattr(p, "listing_image_id", None)]
    images = images_with_renditions(p.listing_image_id for p in with_images)
    for page in with_images:
        page.listing_image = images.get(page.listing_image_id)
    return pages


class BasePageForm(WagtailAdminPageForm):
    """A new page titled in Chinese gets a pinyin slug (core/slugs.py) where
    the admin's script left the slug empty or with only the title's digits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "slug" in self.fields:
            self.fields["slug"].required = False  # filled from the title below

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        title = self.cleaned_data.get("title") or self.data.get("title", "")
        if self.instance.pk is None and has_chinese(title) and slug in ("", slugify(title)):
            return pinyin_slug(title) or slug
        return slug


class BasePage(Page):
    """Fields and behaviour shared by every public page.

    ``summary`` and ``listing_image`` feed listings, search results and the
    Open Graph tags that WeChat and other apps read when a page is shared.
    """

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences for listings, search results and sharing."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in listings and when the page is shared."),
    )

    base_form_class = BasePageForm

    # What a search result calls this kind of page, in plain words ("Drug",
    # not "drug page"); None: its verbose name. Read by the search_label filter.
    search_label = None

    search_fields = _PAGE_FILTER_FIELDS + [
        SegmentedSearchField("title", boost=2),
        SegmentedSearchField("summary"),
        index.FilterField("locale"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("listing_image")],
            heading=_("Listings and sharing"),
        )
    ]

    # The slug is synchronised, not translated, so a page has the same path in
    # every language and a missing translation can fall back to zh-hans.
    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("show_in_menus"),
        TranslatableField("summary"),
        SynchronizedField("listing_image"),
    ]

    # How this page may be cached (core/caching.py). True: as a whole, until
    # the next publish. False: never (a form with a CSRF token, anything per
    # visitor). A page whose content changes at a known moment (a countdown, a
    # campaign's start) returns that moment from changes_at() instead.
    cacheable = True

    class Meta:
        abstract = True

    def changes_at(self, request):
        """The next moment this page's content changes by itself, or None."""
        return None

    def get_view_restrictions(self):
        # Wagtail asks the database on every page view (two queries); the
        # cache state already knows which subtrees are restricted or aliased.
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def serve(self, request, *args, **kwargs):
        if not self.cacheable:
            caching.never_cache(request)
        caching.changes_at(request, self.changes_at(request))
        return super().serve(request, *args, **kwargs)

    @property
    def sharing_description(self):
        return self.search_description or self.summary


class QuickLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(required=False, label=_("Label"))
    description = blocks.CharBlock(required=False, label=_("Description"))

    class Meta:
        icon = "link"
        label = _("Quick link")


class HomePage(BasePage):
    """The front page of one language's tree."""

    # ---------------------------------------------------------------- hero
    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # ---------------------------------------------------------------- content
    quick_links = StreamField(
        [("link", QuickLinkBlock())], blank=True, verbose_name=_("quick links")
    )
    # A plain Page link keeps core free of feature-app imports; any page
    # with a latest_news(n) method will do (education's NewsIndexPage).
    news_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("news section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = StreamField(
        [("section", blocks.StructBlock([
            ("title", blocks.CharBlock(label=_("Title"))),
            ("pages", blocks.ListBlock(blocks.PageChooserBlock(), label=_("Pages"))),
        ], icon="list-ul", label=_("Featured section")))],
        blank=True,
        verbose_name=_("featured sections"),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    hero_panels = [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
    ]
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(hero_panels, heading=_("Hero")),
        FieldPanel("quick_links"),
        PageChooserPanel("news_page"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        SegmentedSearchField("hero_text"),
        SegmentedSearchField("body"),
    ]
    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("hero_title"),
        TranslatableField("hero_text"),
        SynchronizedField("hero_image"),
        TranslatableField("quick_links"),
        SynchronizedField("news_page"),
        TranslatableField("featured"),
        TranslatableField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # What goes under the home page is what the feature apps register
    # (core/plugins.py: home_subpage_types); see clean_subpage_models.
    subpage_types = []
    max_count_per_parent = 1

    search_label = pgettext_lazy("search result", "Home")

    class Meta:
        verbose_name = _("home page")

    def get_admin_display_title(self):
        """Every language has a home page at the root, all titled alike: the
        admin names each one's language (its name in WAGTAIL_CONTENT_LANGUAGES)."""
        return _("%(title)s (%(language)s)") % {
            "title": super().get_admin_display_title(),
            "language": self.locale.get_display_name(),
        }

    @property
    def localized(self):
        """This home page in the active language (core.visibility.localized_home).

        Wagtail routes every page view from here (Page.route_for_request:
        ``site.root_page.localized``). Wagtail's own answer asks
        Locale.get_active, a query on every call; active_locale keeps the
        locales per process instead (tests/core/test_caching.py names this)."""
        return localized_home(self, active_locale())

    @classmethod
    def clean_subpage_models(cls):
        return list(plugins.home_subpage_models())

    def clean(self):
        super().clean()
        if self.news_page_id and not hasattr(self.news_page.specific_class, "latest_news"):
            raise ValidationError({"news_page": _("Choose a news section: this page lists no news.")})

    def news_index(self):
        # specific_deferred: the news index's own fields are not needed, so no query.
        return self.news_page.specific_deferred if self.news_page_id else None

    def latest_news(self):
        """The newest news items; duck typing (latest_news) keeps core free of
        education imports. Called from inside the template's fragment cache."""
        news_index = self.news_index()
        return news_index.latest_news(4) if hasattr(news_index, "latest_news") else []

    def featured_sections(self):
        """The featured sections with their pages, specific and with their
        listing images, fetched in a few queries however many are chosen."""
        # Page ids from the raw stream data: reading block.value would fetch
        # the chosen pages once more, as plain pages.
        wanted = []
        for block in self.featured.raw_data:
            items = block["value"].get("pages") or []
            ids = [item.get("value") if isinstance(item, dict) else item for item in items]
            wanted.append((block["value"].get("title", ""), [i for i in ids if isinstance(i, int)]))
        ids = {pk for _, pks in wanted for pk in pks}
        pages = {
            p.pk: p
            for p in with_listing_images(public(Page.objects.live().filter(pk__in=ids)).specific())
        }
        return [
            {"title": title, "pages": [pages[pk] for pk in pks if pk in pages]}
            for title, pks in wanted
        ]
