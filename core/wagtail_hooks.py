"""Admin registration only (STYLE.md)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
