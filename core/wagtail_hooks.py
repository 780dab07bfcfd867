"""Admin registration only (STYLE.md)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import localize_guard
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
