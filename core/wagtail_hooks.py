"""Admin registration only (STYLE.md)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import localize_guard, permissions
from core.models import FooterLink


class FooterLinkViewSet(SnippetViewSet):
    model = FooterLink
    icon = "link"
    menu_label = _("Footer links")
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["label", "page", "url", "locale"]
    list_filter = ["locale"]
    ordering = ["locale", "sort_order"]


register_snippet(FooterLinkViewSet)


# Ahead of wagtail-localize's own routes (same paths), so these resolve first.
hooks.register("register_admin_urls", localize_guard.admin_urls, order=-10)
# Ahead of wagtail-localize's hook, which hands the request to its translation editor.
hooks.register("before_edit_page", localize_guard.refuse_translation_editor_publish, order=-10)


# Users without any page permission (Teachers, Reward officers) see no pages
# in the page chooser or the explorer (core/permissions.py).
@hooks.register("construct_page_chooser_queryset")
def hide_pages_in_chooser(pages, request):
    return permissions.pages_for(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def hide_pages_in_explorer(parent_page, pages, request):
    return permissions.pages_for(request.user, pages)


# wagtail-localize shows its translations report in everyone's Reports menu.
@hooks.register("construct_reports_menu")
def hide_translations_report(request, menu_items):
    if not permissions.has_page_access(request.user):
        report_url = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != report_url]
