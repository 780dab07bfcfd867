"""Admin registration only (STYLE.md)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from campaigns.dates import local_today
from campaigns.models import KeyDate


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


class CampaignsViewSetGroup(SnippetViewSetGroup):
    items = (KeyDateViewSet,)
    menu_icon = "date"
    menu_label = _("Campaigns")
    menu_name = "campaigns"
    menu_order = 240


register_snippet(CampaignsViewSetGroup)
