"""sitemap.xml: every language's live public pages, each with its translations.

Wagtail's sitemap (wagtail.contrib.sitemaps) lists the site's root page and
its descendants, which here is only the zh-hans tree: the other languages'
home pages are the root's siblings. This one lists each language's tree and
gives every URL ``xhtml:link`` alternates, the hreflang way Google reads
translations from a sitemap
(https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap);
Django's ``sitemap.xml`` template renders ``alternates``.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from core.templatetags.core_tags import hreflang
from core.visibility import public


class TranslatedSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        root = site.root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        in_a_tree = Q()
        for home in homes:
            in_a_tree |= Q(path__startswith=home.path)
        pages = list(public(Page.objects.live().filter(in_a_tree)).order_by("path").defer_streamfields().specific())
        # Each URL needs the page's language; .specific() would fetch the
        # locale once per page.
        locales = {locale.pk: locale for locale in Locale.objects.all()}
        for page in pages:
            page.locale = locales[page.locale_id]
        self._alternates = self._build_alternates(pages)
        return pages

    def _build_alternates(self, pages):
        """For each page's pk: its own and its translations' URLs by language,
        plus x-default, the default language's page (the site's fallback)."""
        urls = {}
        for page in pages:
            url = page.get_full_url(self.request)
            if url:
                urls.setdefault(page.translation_key, {})[page.locale.language_code] = url
        order = [code for code, _name in settings.LANGUAGES]
        alternates = {}
        for page in pages:
            versions = urls.get(page.translation_key, {})
            links = [{"lang_code": hreflang(code), "location": versions[code]} for code in order if code in versions]
            if settings.LANGUAGE_CODE in versions:
                links.append({"lang_code": "x-default", "location": versions[settings.LANGUAGE_CODE]})
            alternates[page.pk] = links
        return alternates

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            own_url = item.get_full_url(self.request)
            for url_info in item.get_sitemap_urls(self.request):
                # A routable page may add URLs of its own; the translations
                # are those of the page itself.
                if url_info.get("location") == own_url:
                    url_info = {**url_info, "alternates": self._alternates.get(item.pk, [])}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
