"""Who may read and edit the subdistrict registry.

Editors (宣传编辑) need to see communities and schools to pick them in
campaigns and reports; Approvers (审核) keep the registry up to date, by hand
or by import. Deleting stays with superusers: other apps' rows point at these.
"""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Editors": ["view_community", "view_school"],
    "Approvers": [
        "view_community", "add_community", "change_community",
        "view_school", "add_school", "change_school",
    ],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    # Django creates permissions after the whole migrate run (post_migrate), so
    # on a fresh database they do not exist yet: make them the way it would.
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            action, model = codename.split("_", 1)
            content_type, _ = ContentType.objects.get_or_create(app_label="core", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="core", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_registry"),
        ("core", "0002_groups_and_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
