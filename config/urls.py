from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import plugins
from core import views as core_views
from core.sitemaps import TranslatedSitemap

# Language-independent URLs: the admin, documents, sitemap, robots and feeds.
urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("qr.svg", core_views.qr_code, name="qr_code"),
]

# Uploaded media is served by nginx in production (site/nginx.conf.example);
# this fallback keeps `make run`, the benchmark and app nodes without nginx
# working. It serves images only: documents go through Wagtail's view under
# /documents/, which checks collection privacy (core.views.public_media).
urlpatterns += [
    re_path(r"^media/(?P<path>(?:original_images|images)/.+)$", core_views.public_media),
]

# zh-hans has no prefix; /en/ and /zh-hant/ select the other languages.
# Each feature app's own URLs (core/plugins.py), before Wagtail's catch-all.
urlpatterns += i18n_patterns(
    path("search/", core_views.search, name="search"),
    path("sitemap/", core_views.site_map, name="site_map"),
    path("privacy/", core_views.privacy_notice, name="privacy"),
    *[path("", include(module)) for module in plugins.url_modules()],
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
