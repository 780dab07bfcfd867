"""Admin registration for tips: the police console and the routing rules."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import console, reward_console, rewards
from .models import RoutingRule


@hooks.register("register_admin_urls")
def register_console_urls():
    return [
        path(
            "tips/rewards/",
            include((reward_console.urlpatterns, reward_console.app_name), namespace="tips_rewards"),
        ),
        path("tips/", include((console.urlpatterns, console.app_name), namespace="tips_console")),
    ]


class PoliceMenuItem(MenuItem):
    """Shown only to members of a police unit: nobody else may open a tip."""

    def is_shown(self, request):
        return console.is_police(request.user)


@hooks.register("register_admin_menu_item")
def register_console_menu_item():
    return PoliceMenuItem(_("Tips"), reverse("tips_console:inbox"), icon_name="warning", order=150)


class RewardMenuItem(MenuItem):
    """Shown only to reward officers."""

    def is_shown(self, request):
        return rewards.is_reward_officer(request.user)


@hooks.register("register_admin_menu_item")
def register_rewards_menu_item():
    return RewardMenuItem(_("Tip rewards"), reverse("tips_rewards:index"), icon_name="tasks", order=151)


class RoutingRuleViewSet(SnippetViewSet):
    """Which unit receives which tips. Holds no tip data."""

    model = RoutingRule
    icon = "arrow-right"
    menu_label = _("Tip routing")
    menu_name = "tip_routing"
    add_to_admin_menu = False
    list_display = ["__str__", "sort_order"]


register_snippet(RoutingRuleViewSet)
