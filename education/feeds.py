"""RSS feed of the news in the visitor's language."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.visibility import active_locale, default_locale, public
from education.models import NewsPage

FEED_LENGTH = 20
# News dates are days in Dongguan: an item was published at its local midnight.
NEWS_TIME_ZONE = ZoneInfo("Asia/Shanghai")


def news_with_fallback(locale):
    """Live public news in ``locale``, plus the default language's news nobody
    has translated into it yet (as listings do, core.visibility.
    children_with_fallback): a language without translated news still gets
    the Chinese news instead of an empty feed."""
    news = NewsPage.objects.live()
    pages = news.filter(locale=locale)
    default = default_locale()
    if locale.pk != default.pk:
        translated_keys = news.filter(locale=locale).values("translation_key")
        pages = pages | news.filter(locale=default).exclude(translation_key__in=translated_keys)
    return public(pages)


class NewsFeed(Feed):
    description_template = None

    def title(self):
        return _("Anti-drug news")

    def link(self):
        # The home page in the feed's language (zh-hans has no prefix).
        language = get_language()
        return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"

    def description(self):
        return _("News from the subdistrict drug control office")

    def items(self):
        return news_with_fallback(active_locale()).order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # A page's URL follows its own locale: an untranslated item links to
        # the zh-hans page.
        return item.full_url or item.url

    def item_pubdate(self, item):
        # The news date, not the moment the page was published (the demo
        # publishes every item at once; editors back-date news).
        return datetime.combine(item.date, time.min, tzinfo=NEWS_TIME_ZONE)
