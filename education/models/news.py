"""News: a dated, tagged list with an RSS feed."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BaseStreamBlock
from core.models import BasePage
from core.search import SegmentedSearchField
from core.visibility import children_with_fallback, public


class NewsIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("intro")]
    parent_page_types = ["core.HomePage", "education.SectionPage"]
    subpage_types = ["education.NewsPage"]

    search_label = pgettext_lazy("search result", "News")

    class Meta:
        verbose_name = _("news index")

    def news(self):
        # A translated index also lists the news nobody has translated yet,
        # in Chinese (linked with ?fallback=, templates use fallback_pageurl).
        return (
            public(children_with_fallback(NewsPage, self))
            .select_related("listing_image")
            .order_by("-date", "-pk")
        )

    def latest_news(self, count=4):
        """Used by the home page, which does not import this app."""
        return list(self.news()[:count])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = self.news()
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            news = news.filter(tags__name=tag)
        context["news_page"] = Paginator(news, 12).get_page(request.GET.get("page"))
        context["active_tag"] = tag
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "education.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    source = models.CharField(_("source"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("source"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        SegmentedSearchField("body"),
        SegmentedSearchField("tags"),
    ]
    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("date"),
        TranslatableField("source"),
        SynchronizedField("tags"),
        TranslatableField("body"),
    ]
    parent_page_types = ["education.NewsIndexPage"]
    subpage_types: list[str] = []

    search_label = pgettext_lazy("search result", "News")

    class Meta:
        verbose_name = _("news item")
        ordering = ["-date"]
