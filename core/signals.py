"""Signal receivers: page-cache invalidation, purges in front and django-q schedules."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from core import plugins, restrictions
from core.caching import bump_generation, front_cache_configured, page_urls, purge_after_commit
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


def _listing_pages(page) -> list:
    """The pages that list ``page``: its parent and its language's home page.
    Other listings (page 2, a filtered A–Z) end by their s-maxage (core/caching.py)."""
    listing = list(page.get_ancestors().filter(depth__gte=2).live().order_by("-depth"))
    return listing[:1] + listing[-1:]


def _urls_of(page, subtree=False) -> set[str]:
    pages = Page.objects.descendant_of(page, inclusive=True).live() if subtree else [page]
    return page_urls([*pages, *_listing_pages(page)])


@receiver(page_published)
@receiver(page_unpublished)
def purge_in_front(sender, instance, **kwargs):
    """A published or unpublished page, and the pages that list it, leave
    nginx or a CDN in front once the change is committed: direct publish,
    workflow approval, the scheduled publisher, an alias following its source."""
    if front_cache_configured():
        purge_after_commit(_urls_of(instance))


# Where a page and its live descendants were, by page id, between Wagtail's
# pre_page_move and post_page_move (one call, one thread).
_urls_before_move: dict[int, set[str]] = {}


@receiver(pre_page_move)
def note_urls_before_move(sender, instance, **kwargs):
    if front_cache_configured():
        _urls_before_move[instance.pk] = _urls_of(instance, subtree=True)


@receiver(post_page_move)
def purge_moved_pages(sender, instance, **kwargs):
    """Old and new URLs of the moved pages and both parents' listings. The
    move commits inside MovePageAction before this signal, or with the
    admin view's transaction around it; either way the purge follows."""
    before = _urls_before_move.pop(instance.pk, set())
    if front_cache_configured():
        purge_after_commit(before | _urls_of(instance, subtree=True))


@receiver(pre_delete)
def purge_deleted_page(sender, instance, **kwargs):
    """A deleted live page (each of a deleted section's pages has this signal)
    and its listings leave the front once the delete commits; the URLs are
    worked out now, while the page still has them."""
    if isinstance(instance, Page) and instance.live and front_cache_configured():
        purge_after_commit(_urls_of(instance))


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
