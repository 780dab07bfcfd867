"""Admin registration only (docs/architecture.md, "Conventions")."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core import admin_ux, localize_guard, middleware, permissions, views_registry
from core.models import Community, FooterLink, School, SiteSettings


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


# ---------------------------------------------------------------- subdistrict registry


class RegistryIndexView(IndexView):
    """The snippet listing with export buttons, and import for those who may change rows."""

    registry_resource = ""

    @cached_property
    def header_buttons(self):
        resource = views_registry.get_resource(self.registry_resource)
        buttons = list(super().header_buttons)
        for file_format, label in (("csv", _("Export CSV")), ("xlsx", _("Export XLSX"))):
            buttons.append(HeaderButton(
                label,
                url=reverse("core_registry_export", args=(resource.name, file_format)),
                icon_name="download",
                priority=20,
            ))
        if views_registry.can_import(self.request.user, resource):
            buttons.append(HeaderButton(
                _("Import"),
                url=reverse("core_registry_import", args=(resource.name,)),
                icon_name="upload",
                priority=30,
            ))
        return buttons


class CommunityIndexView(RegistryIndexView):
    registry_resource = "communities"


class SchoolIndexView(RegistryIndexView):
    registry_resource = "schools"


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "home"
    index_view_class = CommunityIndexView
    list_display = ["name", "name_en", "code", "sort_order", BooleanColumn("is_demo", label=_("demo data"))]
    list_filter = ["is_demo"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["sort_order", "code"]


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "group"
    index_view_class = SchoolIndexView
    list_display = ["name", "kind", "community", "enrolment", "code",
                    BooleanColumn("is_demo", label=_("demo data"))]
    list_filter = ["kind", "community", "is_demo"]
    search_fields = ["name", "name_en", "code", "address"]
    ordering = ["code"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (CommunityViewSet, SchoolViewSet)
    menu_icon = "site"
    menu_label = _("Subdistrict registry")
    menu_name = "registry"
    menu_order = 250


register_snippet(RegistryViewSetGroup)


@hooks.register("register_admin_urls")
def register_registry_urls():
    return [
        path("registry/<slug:resource_name>/export/<slug:file_format>/", views_registry.export_view,
             name="core_registry_export"),
        path("registry/<slug:resource_name>/import/", views_registry.RegistryImportView.as_view(),
             name="core_registry_import"),
    ]
# Ahead of wagtail-localize's own routes (same paths), so these resolve first.
hooks.register("register_admin_urls", localize_guard.admin_urls, order=-10)
# Ahead of wagtail-localize's hook, which hands the request to its translation editor.
hooks.register("before_edit_page", localize_guard.refuse_translation_editor_publish, order=-10)


# Users without any page permission (Teachers, Reward officers) see no pages
# in the page chooser or the explorer (core/permissions.py).
@hooks.register("construct_page_chooser_queryset")
def hide_pages_in_chooser(pages, request):
    return permissions.pages_for(request.user, pages)


# At the root, the default language's home page comes first (core/admin_ux.py).
@hooks.register("construct_explorer_page_queryset")
def hide_pages_in_explorer(parent_page, pages, request):
    pages = permissions.pages_for(request.user, pages)
    return admin_ux.default_language_first(parent_page, pages, request)


# An Approver's "Approve and publish" is the page's default action, and the
# message after it says the page is live.
hooks.register("construct_page_action_menu", admin_ux.approve_first)
hooks.register("after_edit_page", admin_ux.say_approved_page_is_live)


# wagtail-localize shows its translations report in everyone's Reports menu.
@hooks.register("construct_reports_menu")
def hide_translations_report(request, menu_items):
    if not permissions.has_page_access(request.user):
        report_url = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != report_url]


# On a fallback page (?fallback=<lang>) the header and menu stay in the visitor's language.
hooks.register("before_serve_page", middleware.activate_fallback_language)


# ---------------------------------------------------------------- a new site's settings


class UnfinishedSettingsPanel(Component):
    """On the dashboard, until they are filled in: the site settings a real
    site must publish (contact, address, filing numbers) that are blank or
    still the demo's marked placeholders."""

    name = "unfinished_settings"
    order = 50
    template_name = "core/admin/unfinished_settings_panel.html"

    def __init__(self, fields, edit_url):
        self.fields, self.edit_url = fields, edit_url

    def get_context_data(self, parent_context):
        return {"fields": self.fields, "edit_url": self.edit_url}


@hooks.register("construct_homepage_panels")
def add_unfinished_settings_panel(request, panels):
    if not request.user.has_perm("core.change_sitesettings"):
        return
    # The admin may be reached on a host that is no site's (Site.find_for_request
    # gives None); the default site's settings are then the ones to finish.
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    site_settings = SiteSettings.for_site(site)
    fields = site_settings.unfinished_fields()
    if fields:
        edit_url = reverse("wagtailsettings:edit", args=("core", "sitesettings", site_settings.site_id))
        panels.append(UnfinishedSettingsPanel(fields, edit_url))
