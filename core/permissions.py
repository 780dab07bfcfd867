"""Who may see and publish what in the admin: the rules the admin hooks apply.

Wagtail gives every user who may enter the admin (``access_admin``) the page
chooser, the page search and the explorer's API, which list every page title,
drafts included. Teachers and Reward officers enter the admin for their own
apps only, so a user without any page permission sees no page there
(core/wagtail_hooks.py).
"""

from django.contrib.auth import get_permission_codename
from wagtail.models import DraftStateMixin, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

# The page actions that let a user work with pages at all (Wagtail's own list
# for "explorable" pages, wagtail.permission_policies.pages).
PAGE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


# Admin views that show page titles for ids in the URL, whatever the page
# querysets say: the chooser's header and breadcrumb, its "chosen" lookup, the
# explorer's API and bulk-action confirmations.
PAGE_TITLE_VIEWS = {
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:find",
}


def may_see_titles_in(user, view_name: str, kwargs: dict) -> bool:
    """Whether ``user`` may open the admin view ``view_name`` (called with
    ``kwargs``), which shows the titles of the objects whose ids it is given.

    Page views need a page permission. A bulk action's confirmation lists
    every chosen item by title, the ones the user may not act on included,
    so it needs a permission on that model (images and documents: on any
    collection).
    """
    if view_name == "wagtail_bulk_action":
        app_label, model_name = kwargs.get("app_label"), kwargs.get("model_name")
        if (app_label, model_name) == ("wagtailcore", "page"):
            return has_page_access(user)
        return _model_policy(app_label, model_name).user_has_any_permission(user, MODEL_ACTIONS)
    if view_name in PAGE_TITLE_VIEWS:
        return has_page_access(user)
    # The admin's API lists images and documents to anyone in the admin.
    for endpoint, model in (("images", ("wagtailimages", "image")), ("documents", ("wagtaildocs", "document"))):
        if view_name.startswith(f"wagtailadmin_api:{endpoint}:"):
            return _model_policy(*model).user_has_any_permission(user, MODEL_ACTIONS)
    return True


MODEL_ACTIONS = {"add", "change", "delete", "choose"}


def _model_policy(app_label, model_name):
    from django.apps import apps
    from wagtail.documents.permissions import permission_policy as documents_policy
    from wagtail.images.permissions import permission_policy as images_policy
    from wagtail.permission_policies import ModelPermissionPolicy

    model = apps.get_model(app_label, model_name)
    for policy in (images_policy, documents_policy):
        if issubclass(model, policy.model):
            return policy
    return ModelPermissionPolicy(model)


def has_page_access(user) -> bool:
    """True if ``user`` holds a permission on any page (or is a superuser)."""
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


def pages_for(user, pages):
    """``pages`` (a queryset or a list) if ``user`` works with pages, else nothing."""
    if has_page_access(user):
        return pages
    return pages.none() if hasattr(pages, "none") else []


def can_publish(user, instance) -> bool:
    """Whether ``user`` may make ``instance`` (a page or a snippet) public.

    A page needs Wagtail's publish permission on it; a snippet with drafts the
    model's ``publish`` permission; a snippet without drafts is public as soon
    as it is saved, so its ``change`` permission.
    """
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    opts = type(instance)._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
