"""Upstream workaround: wagtail-localize's views publish without publish permission.

wagtail-localize 1.14 checks only its ``submit_translation`` permission (which
its migration 0006 gives Wagtail's "Editors" group) before views that make
content public:

- ``SubmitTranslationView`` (``/admin/localize/submit/...``) writes the
  translated fields into the target page's row and saves it
  (``TranslationSource.create_or_update_translation``). When the target page
  already exists and is live (an alias, or a translated page reached through
  "include subtree"), that save changes the public page at once, draft or not.
  Translations of snippets without drafts are public the moment they exist.
- ``UpdateTranslationsView`` (``/admin/localize/update/<id>/``) with
  ``publish_translations`` publishes every translation of the source.
- ``convert_to_alias`` (``/admin/localize/page/<id>/convert_to_alias/``)
  replaces a translation with its source's live content and live status,
  which publishes a page that was a draft.

An Editor could therefore put text on the public site without approval. This
module wraps those views so that whatever would make content public needs
the publish permission on it (core.permissions.can_publish); everything else
about them (submitting drafts, syncing without publishing) stays open to
Editors. The routes are registered ahead of wagtail-localize's own under the
same paths (core/wagtail_hooks.py), so ``reverse("wagtail_localize:...")``
still gives these URLs and they resolve here.

The translation editor's "publish" action already checks page publish
permission upstream (``views.edit_translation.edit_translation``);
``refuse_translation_editor_publish`` repeats that check in a
``before_edit_page`` hook so an upstream change cannot reopen it.

Also set in config/settings/base.py: ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
= False``, so submitting a live page for translation makes a draft instead of
publishing the translation (wagtail_localize.operations.TranslationCreator).

Tested in tests/core/test_approval_bypass.py. Remove when wagtail-localize
checks publish permission itself.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Page
from wagtail_localize.views import convert, report, submit_translations, update_translations

from core.permissions import can_publish, has_page_access


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    """Submitting makes drafts; rewriting pages that are already live needs publish permission."""

    def form_valid(self, form):
        live = live_targets(self.object, form.cleaned_data["locales"], form.cleaned_data["include_subtree"])
        if not all(can_publish(self.request.user, page) for page in live):
            # Upstream's template shows no form-wide errors; the admin shows messages.
            messages.error(
                self.request,
                _(
                    "This page (or a page below it) is already published in a chosen language: "
                    "translating it again would change the public page. Ask an approver to do it."
                ),
            )
            return self.render_to_response(self.get_context_data())
        return super().form_valid(form)


class SubmitSnippetTranslationView(submit_translations.SubmitSnippetTranslationView):
    """A snippet without drafts is public as soon as its translation is created."""

    def get_object(self):
        snippet = super().get_object()
        if not isinstance(snippet, DraftStateMixin) and not can_publish(self.request.user, snippet):
            raise PermissionDenied
        return snippet


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Syncing stays open to translators; "Publish immediately" needs publish permission."""

    def may_publish(self):
        instances = [self.object.get_source_instance()]
        for translation in self.object.translations.filter(enabled=True):
            try:
                instances.append(translation.get_target_instance())
            except ObjectDoesNotExist:
                continue  # not created yet: the source's permission decides
        return all(can_publish(self.request.user, instance) for instance in instances)

    def get_form(self):
        form = super().get_form()
        if not self.may_publish():
            # Hidden from the form; posted anyway, it is refused in post().
            del form.fields["publish_translations"]
        return form

    def post(self, request, **kwargs):
        if request.POST.get("publish_translations") and not self.may_publish():
            raise PermissionDenied
        return super().post(request, **kwargs)

    def form_valid(self, form):
        form.cleaned_data.setdefault("publish_translations", False)
        return super().form_valid(form)


def convert_to_alias(request, page_id):
    """An alias mirrors its source's live content and status: publishing by another name."""
    page = get_object_or_404(Page, id=page_id)
    if not can_publish(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


class TranslationsReportView(report.TranslationsReportView):
    """The report lists every translated page's title: only for users who work with pages."""

    def dispatch(self, request, *args, **kwargs):
        if not has_page_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def live_targets(page, locales, include_subtree):
    """Live pages in ``locales`` that translating ``page`` (and maybe its subtree) would save."""
    if not isinstance(page, Page):
        return []
    pages = page.get_descendants(inclusive=True) if include_subtree else Page.objects.filter(pk=page.pk)
    return list(
        Page.objects.live().filter(
            translation_key__in=pages.values("translation_key"), locale__in=list(locales)
        ).exclude(locale=page.locale_id)
    )


def refuse_translation_editor_publish(request, page):
    """``before_edit_page`` hook: the translation editor posts ``action=publish``."""
    if request.method == "POST" and request.POST.get("action") == "publish":
        if not can_publish(request.user, page):
            raise PermissionDenied


def admin_urls():
    """wagtail-localize's publishing routes, guarded (registered ahead of upstream's)."""
    return [
        path("localize/submit/page/<int:page_id>/", SubmitPageTranslationView.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            SubmitSnippetTranslationView.as_view(),
        ),
        path("localize/update/<int:translation_source_id>/", UpdateTranslationsView.as_view()),
        path("localize/page/<int:page_id>/convert_to_alias/", convert_to_alias),
        path("localize/reports/translations/", TranslationsReportView.as_view()),
        path("localize/reports/translations/results/", TranslationsReportView.as_view(results_only=True)),
    ]
