"""RSS feed of the news in the visitor's language."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from core.visibility import active_locale, public
from education.models import NewsPage


class NewsFeed(Feed):
    description_template = None

    def title(self):
        return _("Anti-drug news")

    def link(self):
        return "/"

    def description(self):
        return _("News from the subdistrict drug control office")

    def items(self):
        return public(NewsPage.objects.live().filter(locale=active_locale())).order_by("-date", "-pk")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.full_url or item.url

    def item_pubdate(self, item):
        return item.first_published_at
