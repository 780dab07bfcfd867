"""Staff groups with their Wagtail permissions, and the edit → approve workflow.

Editors (宣传编辑) create and edit pages and submit them for approval; Approvers
(审核) approve and publish. One workflow on the root page covers every
language's tree. Teachers and Reward officers get admin access here and their
app permissions in their own issues; police units are groups made by the tips
app per PoliceUnit.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page", "lock_page", "unlock_page"],
    "Approvers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = {
    "Editors": ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    "Approvers": ["add_image", "change_image", "delete_image", "choose_image",
                  "add_document", "change_document", "delete_document", "choose_document"],
}
ADMIN_GROUPS = ["Editors", "Approvers", "Teachers", "Reward officers"]
WORKFLOW_NAME = "编辑 → 审核 (edit → approve)"


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    image_ct, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    document_ct, _ = ContentType.objects.get_or_create(app_label="wagtaildocs", model="document")

    groups = {}
    for name in ADMIN_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[name] = group

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, codenames in PAGE_PERMISSIONS.items():
        # Start from a known state: Wagtail's own "Editors" group exists already.
        GroupPagePermission.objects.filter(group=groups[name]).delete()
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_ct, codename=codename, defaults={"name": codename}
            )
            GroupPagePermission.objects.create(group=groups[name], page=root, permission=permission)
    for name, codenames in COLLECTION_PERMISSIONS.items():
        GroupCollectionPermission.objects.filter(group=groups[name]).delete()
        for codename in codenames:
            ct = image_ct if codename.endswith("image") else document_ct
            permission, _ = Permission.objects.get_or_create(
                content_type=ct, codename=codename, defaults={"name": codename}
            )
            GroupCollectionPermission.objects.create(
                group=groups[name], collection=root_collection, permission=permission
            )

    # The workflow: one group-approval step for Approvers, on the root page.
    task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="审核 (Approvers)").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="审核 (Approvers)", content_type=task_ct, active=True)
    task.groups.set([groups["Approvers"]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Replace Wagtail's default "Moderators approval" assignment on the root.
    WorkflowPage.objects.filter(page=root).delete()
    WorkflowPage.objects.create(workflow=workflow, page=root)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
