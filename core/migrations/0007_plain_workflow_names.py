"""Plain Chinese names for the approval workflow and its one task.

Wagtail shows these database names as they are, in every admin language
("提交给内容审核", "等待 领导审核"), so they carry no English in brackets.
The workflow and task made by 0002_groups_and_workflow are found by their old
names; a site where an administrator already renamed them is left alone.
"""

from django.db import migrations

RENAMES = {
    "Workflow": ("编辑 → 审核 (edit → approve)", "内容审核"),
    "GroupApprovalTask": ("审核 (Approvers)", "领导审核"),
}


def rename(apps, reverse=False):
    for model_name, (old, new) in RENAMES.items():
        if reverse:
            old, new = new, old
        model = apps.get_model("wagtailcore", model_name)
        model.objects.filter(name=old).update(name=new)


def to_plain_names(apps, schema_editor):
    rename(apps)


def to_old_names(apps, schema_editor):
    rename(apps, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_approval_permissions")]

    operations = [migrations.RunPython(to_plain_names, to_old_names)]
