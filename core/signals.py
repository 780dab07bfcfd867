"""Signal receivers: page-cache invalidation and django-q schedules."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import plugins, restrictions
from core.caching import bump_generation
from core.models import CacheGeneration

# Models whose change can alter what an anonymous visitor sees. Pages are
# handled by the publish signals: saving a draft changes nothing public.
_PUBLIC_BASES = (
    BaseSiteSetting, BaseGenericSetting, AbstractImage, AbstractDocument, Site, Locale, BaseViewRestriction,
)
# Plus core and every app registered with public_models (core/plugins.py).
_PUBLIC_APPS = {"wagtailredirects"}


def _affects_public_pages(sender) -> bool:
    if issubclass(sender, (Page, CacheGeneration)):
        return False
    return (
        issubclass(sender, _PUBLIC_BASES)
        or sender._meta.app_label in _PUBLIC_APPS
        or plugins.is_public_model(sender)
    )


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def invalidate_on_page_change(sender, **kwargs):
    bump_generation()


@receiver(page_published)
@receiver(page_unpublished)
def purge_listings_in_front(sender, instance, **kwargs):
    """wagtail.contrib.frontend_cache purges the published page itself from
    nginx or a CDN in front; the pages that list it, its parent and its
    language's home page, are purged with it, so a new article shows in its
    section at once. Other listings end by their s-maxage (core/caching.py)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    listing = instance.get_ancestors().filter(depth__gte=2).order_by("-depth")
    pages = [page for page in (listing.first(), listing.last()) if page is not None and page.live]
    if pages:
        purge_pages_from_cache({page.pk: page for page in pages}.values())


@receiver(post_delete)
def invalidate_on_delete(sender, **kwargs):
    if issubclass(sender, Page) or _affects_public_pages(sender):
        bump_generation()


@receiver(post_save)
def invalidate_on_new_alias(sender, instance, created=False, raw=False, **kwargs):
    """An alias takes its source's view restrictions; the cache state lists
    alias paths for BasePage.get_view_restrictions, so a new one bumps it."""
    if created and not raw and isinstance(instance, Page) and instance.alias_of_id:
        bump_generation()


@receiver(post_save)
def invalidate_on_save(sender, raw=False, **kwargs):
    if not raw and _affects_public_pages(sender):
        bump_generation()


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def forget_cached_locales(sender, **kwargs):
    from core.visibility import forget_locales

    forget_locales()


@receiver(post_migrate)
def create_schedules(sender, app_config=None, **kwargs):
    """Create the django-q schedules once, by name, after migrations run."""
    if app_config is None or app_config.label != "core":
        return
    from core.schedules import ensure_schedules

    ensure_schedules()


# A page's view restriction covers its translations (core/restrictions.py).
@receiver(post_save, sender=PageViewRestriction)
def mirror_view_restriction(sender, instance, raw=False, **kwargs):
    if not raw:
        restrictions.mirror(instance)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def mirror_view_restriction_groups(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PageViewRestriction):
        restrictions.mirror(instance)


@receiver(post_delete, sender=PageViewRestriction)
def unmirror_view_restriction(sender, instance, **kwargs):
    restrictions.unmirror(instance)


@receiver(post_save)
def restrict_new_translation(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and isinstance(instance, Page):
        restrictions.restrict_new_translation(instance)


@receiver(pre_delete)
def note_page_deletion(sender, instance, **kwargs):
    if isinstance(instance, Page):
        restrictions.page_deletion_started(instance)


# The base Page row goes last, after the specific page's row and its restrictions.
@receiver(post_delete, sender=Page)
def end_page_deletion(sender, instance, **kwargs):
    restrictions.page_deletion_finished(instance)
