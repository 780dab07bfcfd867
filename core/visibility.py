"""Cheap answers to two questions every public page asks.

Wagtail's ``PageQuerySet.public()`` and ``Locale.get_active()`` each run a
query every time they are called; a page render calls them several times.
Both answers change only when an editor changes restrictions or locales,
which bumps the page-cache generation (core/signals.py), so they are kept
under that generation.
"""

from django.core.cache import cache
from django.db.models import Q
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from core.page_cache import current_generation

_locales: dict = {}


def restricted_paths() -> list[str]:
    """Tree paths of pages with a view restriction (password, login, groups)."""
    key = f"restricted-paths:{current_generation()}"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, 3600)
    return paths


def public(queryset):
    """``queryset`` without restricted pages or their descendants."""
    condition = Q()
    for path in restricted_paths():
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


def forget_locales() -> None:
    """Called when a Locale is saved or deleted (core/signals.py)."""
    _locales.clear()


def default_locale() -> Locale:
    """The default Locale (settings.LANGUAGE_CODE), kept like active_locale()."""
    locale = _locales.get("__default__")
    if locale is None:
        locale = _locales["__default__"] = Locale.get_default()
    return locale


def active_locale() -> Locale:
    """The Locale of the active language (the default one if it has none).

    Kept for the life of the process: locales follow settings.LANGUAGES, so a
    new one needs a deploy (and restart) anyway.
    """
    language = translation.get_language() or ""
    locale = _locales.get(language)
    if locale is None:
        locale = Locale.objects.filter(language_code=language).first() or default_locale()
        _locales[language] = locale
    return locale
