import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from core.page_cache import PageCacheMiddleware  # noqa: E402

# The page cache wraps Django itself, so a cached anonymous page costs no
# middleware, URL resolving or database work (core/page_cache.py).
application = PageCacheMiddleware(get_wsgi_application())
