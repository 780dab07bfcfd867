"""The admin as propaganda staff meet it: approve in one obvious step, and
each language's home page told apart (hooks in core/wagtail_hooks.py).

Wagtail puts a workflow's actions in the page's action menu behind "Save
draft", so an Approver finds "Approve" in a drop-down beside "Unpublish", and
after approving reads only that the page "has been updated". Our workflow has
one task, so approving it publishes the page: the button says so, comes
first, and the message afterwards says the page is live.
"""

from django.conf import settings
from django.contrib import messages as django_messages
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.models import Locale, Page

APPROVE = "approve"
# Wagtail's own message (wagtail/admin/views/pages/edit.py), looked up in
# Wagtail's catalogue: passed as a name so makemessages leaves it out of ours.
WAGTAIL_UPDATED = "Page '%(page_title)s' has been updated."


def approve_first(menu_items, request, context):
    """``construct_page_action_menu``: the plain "Approve" (no comment form)
    becomes the default button, labelled "Approve and publish" when approving
    the current task ends the workflow, which publishes the page."""
    approve = next(
        (item for item in menu_items
         if isinstance(item, WorkflowMenuItem) and item.name == APPROVE and not item.launch_modal),
        None,
    )
    if approve is None:
        return
    state = context["page"].current_workflow_state
    if state is not None and state.is_at_final_task:
        approve.label = _("Approve and publish")
    menu_items.remove(approve)
    menu_items.insert(0, approve)


def say_approved_page_is_live(request, page):
    """``after_edit_page``: after an approval from the edit form that
    published the page, replace Wagtail's "Page '…' has been updated." with a
    message that it is now live, and a button to see it."""
    if request.method != "POST" or request.POST.get("workflow-action-name") != APPROVE:
        return None
    # The view's page object predates the publish that ended the workflow.
    page = Page.objects.get(pk=page.pk).specific
    if not page.live or page.has_unpublished_changes or page.workflow_in_progress:
        return None
    title = page.get_admin_display_title()
    updated = messages.render(_(WAGTAIL_UPDATED) % {"page_title": title}, None)
    # Reading the queued messages marks them all as shown: queue the others again.
    for message in list(django_messages.get_messages(request)):
        if message.message != updated:
            django_messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    buttons = [messages.button(page.url, _("View live"))] if page.url else None
    messages.success(
        request, _("Page '%(page_title)s' is approved and published: it is now live.") % {"page_title": title},
        buttons=buttons,
    )
    return None


def default_language_first(parent_page, pages, request):
    """``construct_explorer_page_queryset``: at the root, where every language
    has its own home page, the default language's tree comes first and the
    others follow in the order of WAGTAIL_CONTENT_LANGUAGES. The order the
    listing was asked for (its column sort) still applies within a language;
    a search keeps its relevance order."""
    if not parent_page.is_root() or request.GET.get("q") or not hasattr(pages, "order_by"):
        return pages
    default = Locale.get_default().language_code
    codes = sorted((code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES), key=lambda code: code != default)
    language_rank = Case(
        *(When(locale__language_code=code, then=Value(rank)) for rank, code in enumerate(codes)),
        default=Value(len(codes)),
        output_field=IntegerField(),
    )
    # Without a column sort the explorer keeps the tree's order (the path).
    return pages.order_by(language_rank, *(pages.query.order_by or ["path"]))
