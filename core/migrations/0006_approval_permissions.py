"""Editing that no one can bypass: media ownership, translation rights, no hidden publishers.

- Editors keep adding and choosing images and documents but no longer change
  or delete any of them: Wagtail counts delete as change, and replacing a
  file changes every live page that shows it. With "add" alone, Wagtail still
  lets them edit their own uploads (CollectionOwnershipPermissionPolicy).
  Approvers keep change and delete on every collection.
- Approvers get wagtail-localize's ``submit_translation``: they are the ones
  who may sync and publish translations (core/localize_guard.py).
- Wagtail's own "Moderators" group, which held publish on the root, is
  removed with its "Moderators approval" task and workflow when nothing uses
  them (no page or content type assigned, no history); otherwise those are
  only deactivated. Its members, if any, lose publish rights until an
  administrator adds them to Approvers.
- Existing page view restrictions are copied onto every translation of their
  page; core/restrictions.py keeps them in step from now on.
"""

from django.db import migrations

EDITOR_MEDIA_REMOVED = ["change_image", "delete_image", "change_document", "delete_document"]
MODERATORS = "Moderators"


def tighten_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        removed = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=EDITOR_MEDIA_REMOVED
        )
        GroupCollectionPermission.objects.filter(group=editors, permission__in=removed).delete()
        # Wagtail's first migrations gave the group these model-wide too.
        editors.permissions.remove(*removed)

    approvers = Group.objects.filter(name="Approvers").first()
    submit = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if approvers is not None and submit is not None:
        approvers.permissions.add(submit)


def remove_moderators(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    TaskState = apps.get_model("wagtailcore.TaskState")

    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is None:
        return
    tasks = list(GroupApprovalTask.objects.filter(groups=moderators))
    for task in tasks:
        task.groups.remove(moderators)
        if task.groups.exists():
            continue  # another group still approves this step
        workflow_ids = set(WorkflowTask.objects.filter(task=task).values_list("workflow_id", flat=True))
        for workflow in Workflow.objects.filter(pk__in=workflow_ids):
            in_use = (
                WorkflowPage.objects.filter(workflow=workflow).exists()
                or WorkflowContentType.objects.filter(workflow=workflow).exists()
                or WorkflowState.objects.filter(workflow=workflow).exists()
            )
            if in_use:
                workflow.active = False
                workflow.save(update_fields=["active"])
            elif not WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).exists():
                workflow.delete()
        if TaskState.objects.filter(task=task).exists() or WorkflowTask.objects.filter(task=task).exists():
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()
    moderators.delete()


def mirror_view_restrictions(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    PageViewRestriction = apps.get_model("wagtailcore.PageViewRestriction")

    for restriction in PageViewRestriction.objects.select_related("page"):
        group_ids = list(restriction.groups.values_list("pk", flat=True))
        translations = Page.objects.filter(translation_key=restriction.page.translation_key).exclude(
            pk=restriction.page_id
        )
        for page in translations:
            mirrored = PageViewRestriction.objects.filter(page=page).first()
            if mirrored is None:
                mirrored = PageViewRestriction(page=page)
            mirrored.restriction_type = restriction.restriction_type
            mirrored.password = restriction.password
            mirrored.save()
            mirrored.groups.set(group_ids)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_cache_generation"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(tighten_groups, migrations.RunPython.noop),
        migrations.RunPython(remove_moderators, migrations.RunPython.noop),
        migrations.RunPython(mirror_view_restrictions, migrations.RunPython.noop),
    ]
