"""Admin registration only (docs/architecture.md, "Conventions")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from campaigns import admin_views, planning
from campaigns.dates import local_today
from campaigns.models import CampaignPage, Event, KeyDate, OutreachReport
from campaigns.models.pages import EMPTY_CAMPAIGN_MESSAGE


class NextOccurrenceColumn(Column):
    """When the date next comes round, with its number ("第40个国际禁毒日")."""

    def get_value(self, instance):
        occurrence = instance.next_occurrence(local_today())
        if occurrence is None:
            return "—"
        return f"{occurrence.start:%Y-%m-%d} · {occurrence.title}"


class KeyDateViewSet(SnippetViewSet):
    model = KeyDate
    icon = "date"
    menu_label = _("Key dates")
    list_display = [
        "name", "day_label", BooleanColumn("yearly", label=_("every year")),
        NextOccurrenceColumn("next", label=_("Next occurrence")),
    ]
    search_fields = ["name", "name_en", "code"]
    ordering = ["sort_order", "code"]


class EventIndexView(IndexView):
    """The event listing with an Import button for those who may add events."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("campaigns.add_event"):
            buttons.append(HeaderButton(_("Import"), url=reverse("campaigns_import_events"), icon_name="upload",
                                        priority=30))
        return buttons


class EventViewSet(SnippetViewSet):
    model = Event
    index_view_class = EventIndexView
    icon = "calendar-alt"
    menu_label = _("Events")
    list_display = ["title", "start", "venue_type", "venue_name", "organiser", BooleanColumn("is_public", label=_("public"))]
    list_filter = ["venue_type", "is_public", "campaign"]
    search_fields = ["title", "title_en", "venue_name", "organiser"]
    ordering = ["-start"]


class OutreachReportViewSet(SnippetViewSet):
    model = OutreachReport
    icon = "clipboard-list"
    menu_label = _("Outreach reports")
    list_display = ["event", "people_reached", "materials_handed_out", "consultations", "wechat_posts"]
    list_filter = ["event__venue_type"]
    search_fields = ["event__title", "notes"]
    ordering = ["-event__start"]


class CampaignsViewSetGroup(SnippetViewSetGroup):
    items = (KeyDateViewSet, EventViewSet, OutreachReportViewSet)
    menu_icon = "date"
    menu_label = _("Campaigns")
    menu_name = "campaigns"
    menu_order = 240


register_snippet(CampaignsViewSetGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("campaigns/report/", admin_views.committee_report, name="campaigns_committee_report"),
        path("campaigns/events/import/", admin_views.import_events_view, name="campaigns_import_events"),
    ]


class CommitteeReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("campaigns.view_outreachreport")


@hooks.register("register_reports_menu_item")
def register_committee_report_menu_item():
    return CommitteeReportMenuItem(
        _("Outreach figures"), reverse("campaigns_committee_report"), icon_name="table", order=900,
    )


class LateCampaignsPanel(Component):
    """On the dashboard: key dates within 30 days whose campaign is not yet
    approved and scheduled ("late for 6·26: ...")."""

    name = "late_campaigns"
    order = 90
    template_name = "campaigns/admin/late_campaigns_panel.html"

    def __init__(self, late):
        self.late = late

    def get_context_data(self, parent_context):
        return {"late": self.late}


@hooks.register("construct_homepage_panels")
def add_late_campaigns_panel(request, panels):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        return
    late = planning.late_campaigns()
    if late:
        panels.append(LateCampaignsPanel(late))


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_an_empty_campaign(request, action_type, objects, action):
    """Bulk publishing publishes each page's latest revision without its edit
    form, so the form's check (campaigns.models.pages.CampaignPageForm) is
    made here for every campaign it would publish, descendants included."""
    if action_type != "publish":
        return None
    include_descendants = getattr(action, "cleaned_form", None) and action.cleaned_form.cleaned_data.get(
        "include_descendants"
    )
    campaigns = [page for page in objects if isinstance(page.specific, CampaignPage)]
    if include_descendants:
        for page in objects:
            campaigns += list(CampaignPage.objects.descendant_of(page))
    empty = []
    for page in campaigns:
        revision = page.get_latest_revision()
        version = revision.as_object() if revision else page.specific
        if not version.has_something_to_show():
            empty.append(version.title)
    if not empty:
        return None
    messages.error(request, f"{EMPTY_CAMPAIGN_MESSAGE} {' · '.join(sorted(set(empty)))}")
    return redirect(action.next_url)
