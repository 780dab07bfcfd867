"""Workarounds for upstream behaviour, each labelled with what it changes and
why, each covered by a test (docs/architecture.md, "Conventions"). Applied in CoreConfig.ready().
"""


def cache_active_locale() -> None:
    """wagtail.models.Locale.get_active queries the database on every call,
    and Wagtail's page routing calls it on every request (Page.localized, from
    wagtail.views.serve). Locales follow settings.LANGUAGES and change only
    with a deploy; core.visibility.active_locale keeps them per process and
    forgets them when a Locale is saved or deleted (core/signals.py)."""
    from wagtail.models import Locale

    from core.visibility import active_locale

    Locale.get_active = classmethod(lambda cls: active_locale())
