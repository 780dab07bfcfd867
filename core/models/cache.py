"""The cache's invalidation state, kept where no cache can lose it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheGeneration(models.Model):
    """One row: a number every publish or public change increases.

    Cached pages, fragments and the chrome carry the number they were built
    under and are ignored once it moves on (core/caching.py). It lives in the
    database because a cache may expire or evict any key: a counter that fell
    back to an older value would bring back pages built before a publish.
    """

    value = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("cache generation")

    def __str__(self):
        return str(self.value)
