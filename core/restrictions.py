"""A page's view restriction applies to every translation of that page.

Wagtail keeps view restrictions (login, password, groups) per page, and each
translation is a page of its own: restricting /knowledge/six-into/ left
/en/knowledge/six-into/ public. So a restriction set on one language's page is
copied onto the same page in every other language (same type, password and
groups), changed with it and removed with it; a translation created later
takes the restriction of its siblings. Every part of Wagtail that honours
restrictions (serving, ``PageQuerySet.public()``, the sitemap, the admin's
privacy indicator) and core.visibility's listings then see them all.

Called by the receivers in core/signals.py. wagtail-localize copies a
restriction onto a translation it creates as well
(``TranslationSource.sync_view_restrictions``); the two agree.
"""

import threading
from contextlib import contextmanager

from wagtail.models import Page, PageViewRestriction

_state = threading.local()


@contextmanager
def _mirroring():
    """While we copy, our own saves must not start another round of copying."""
    _state.busy = True
    try:
        yield
    finally:
        _state.busy = False


def _busy() -> bool:
    return getattr(_state, "busy", False)


def _deleting() -> set:
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


def _translations_of(page_id):
    key = Page.objects.filter(pk=page_id).values("translation_key")
    return Page.objects.filter(translation_key__in=key).exclude(pk=page_id)


def mirror(restriction: PageViewRestriction) -> None:
    """Give every translation of the restricted page the same restriction."""
    if _busy():
        return
    group_ids = set(restriction.groups.values_list("pk", flat=True))
    with _mirroring():
        for page in _translations_of(restriction.page_id):
            copy = PageViewRestriction.objects.filter(page=page).first() or PageViewRestriction(page=page)
            if (
                copy.pk is None
                or copy.restriction_type != restriction.restriction_type
                or copy.password != restriction.password
            ):
                copy.restriction_type = restriction.restriction_type
                copy.password = restriction.password
                copy.save()
            if set(copy.groups.values_list("pk", flat=True)) != group_ids:
                copy.groups.set(group_ids)


def unmirror(restriction: PageViewRestriction) -> None:
    """The page was made public again: so are its translations."""
    if _busy() or restriction.page_id in _deleting():
        # Deleting a page deletes its restriction; its translations keep theirs.
        return
    with _mirroring():
        for copy in PageViewRestriction.objects.filter(page__in=_translations_of(restriction.page_id)):
            copy.delete()


def restrict_new_translation(page: Page) -> None:
    """A page just created takes the restriction of its other-language siblings."""
    sibling = (
        PageViewRestriction.objects.filter(page__translation_key=page.translation_key)
        .exclude(page=page)
        .first()
    )
    if sibling is not None:
        mirror(sibling)


def page_deletion_started(page: Page) -> None:
    _deleting().add(page.pk)


def page_deletion_finished(page: Page) -> None:
    _deleting().discard(page.pk)
