"""Cheap answers to the questions every public page asks: which pages are
public, which Locale is active, and which home page this site has in it.

Wagtail's ``PageQuerySet.public()`` and ``Locale.get_active()`` each run a
query every time they are called; a page render calls them several times.
Restrictions travel with the cache generation (core/caching.py), locales are
kept per process (they follow settings.LANGUAGES), and the home page is read
once per request (site_home).
"""

from django.db.models import Q
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from core.caching import current_state

_locales: dict = {}


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of pages with a view restriction (password, login, groups),
    kept with the cache generation (core/caching.py), so no query per call."""
    return current_state()[1]


def may_be_restricted(page) -> bool:
    """False when neither ``page`` nor an ancestor has a view restriction or
    is an alias (whose source's restrictions would apply): then Wagtail's
    check, two queries per page view, can be skipped."""
    state = current_state()
    return bool(page.alias_of_id) or any(page.path.startswith(p) for p in (*state[1], *state[2]))


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


def locale_codes() -> dict[int, str]:
    """{locale id: language code} of every Locale, kept like active_locale()."""
    codes = _locales.get("__codes__")
    if codes is None:
        codes = _locales["__codes__"] = dict(Locale.objects.values_list("pk", "language_code"))
    return codes


def active_locale() -> Locale:
    """The Locale of the active language (the default one if it has none):
    Wagtail's Locale.get_active, which asks the database on every call.

    Kept for the life of the process: locales follow settings.LANGUAGES, so a
    new one needs a deploy (and restart) anyway; a Locale saved or deleted
    here is forgotten at once (core/signals.py).
    """
    language = translation.get_language() or ""
    locale = _locales.get(language)
    if locale is None:
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            code = None
        locale = Locale.objects.filter(language_code=code).first() if code else None
        locale = _locales[language] = locale or default_locale()
    return locale


def site_home(request):
    """The home page at the root of the request's Wagtail site: specific, with
    the images its templates show and its live translations, read in one
    query the first time a request asks; None when no site answers the host.

    Site.find_for_request keeps the Site it found on the request, its
    root_page a plain Page (wagtail.models.Site.find_for_request). The home
    page read here takes that plain Page's place on the Site, so whatever
    asks for the site's root later in the request gets it, Wagtail's routing
    included (Page.route_for_request routes from ``site.root_page.localized``,
    which HomePage.localized then answers from the translations read here).
    Nothing is kept after the request: the next one reads its own."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    if not hasattr(site.root_page, "live_translations"):
        model = site.root_page.specific_class or Page
        same_key = model.objects.filter(pk=site.root_page_id).values("translation_key")
        pages = list(_with_home_images(model.objects.filter(
            Q(pk=site.root_page_id) | Q(translation_key__in=same_key, live=True)
        )))
        home = next((page for page in pages if page.pk == site.root_page_id), None)
        if home is None:  # deleted since the site was read: Wagtail answers 404
            return site.root_page
        live = {page.locale_id: page for page in pages if page.live}
        for page in pages:
            page.live_translations = live
        site.root_page = home
    return site.root_page


def localized_home(home, locale):
    """The home page ``home`` (a site's root page) in ``locale``: its live
    translation, specific and with the images its templates show, or ``home``
    itself when there is none (the fallback shows it in Chinese).

    The one answer to "the home page for this language": Wagtail's routing
    asks (HomePage.localized), so do the chrome and the site map. Free for the
    home page site_home read; one query for any other."""
    if home.locale_id == locale.pk:
        return home
    translations = getattr(home, "live_translations", None)
    if translations is not None:
        return translations.get(locale.pk, home)
    model = home.specific_class or type(home)
    found = model.objects.filter(translation_key=home.translation_key, locale=locale, live=True)
    return _with_home_images(found).first() or home


def _with_home_images(pages):
    if hasattr(pages.model, "hero_image"):
        return pages.select_related("hero_image", "listing_image")
    return pages


def children_with_fallback(model, parent):
    """Live ``model`` children of ``parent``, and, when ``parent`` is a
    translation, the default language's children nobody has translated yet:
    a translated listing shows those in Chinese instead of missing them."""
    pages = model.objects.live().child_of(parent)
    default = default_locale()
    if parent.locale_id == default.pk:
        return pages
    source = parent.get_translation_or_none(default)
    if source is None:
        return pages
    # Only live translations count: a draft leaves the Chinese page listed.
    translated_keys = model.objects.live().filter(locale_id=parent.locale_id).values("translation_key")
    return pages | model.objects.live().child_of(source).exclude(translation_key__in=translated_keys)
