"""The office reads every school's roll-ups: Editors (宣传编辑) and Approvers (审核)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="quizzes", model="quiz")
    permission, _ = Permission.objects.get_or_create(
        content_type=ct, codename="view_rollup", defaults={"name": "Can view the roll-ups of every school"}
    )
    for name in ("Editors", "Approvers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0003_rollup_permission")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
