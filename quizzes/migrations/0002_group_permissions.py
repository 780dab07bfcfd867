"""Who may do what with quizzes: Editors and Approvers keep the question bank
and the quizzes; Teachers keep their school's classes and runs and read their
attempts (their views are scoped to their school in quizzes/wagtail_hooks.py)."""

from django.db import migrations

PERMISSIONS = {
    "Editors": ["add_question", "change_question", "delete_question", "add_quiz", "change_quiz"],
    "Approvers": ["add_question", "change_question", "delete_question", "add_quiz", "change_quiz",
                  "delete_quiz"],
    "Teachers": ["add_classgroup", "change_classgroup", "view_classgroup", "add_quizrun", "change_quizrun",
                 "view_quizrun", "view_attempt"],
}
MODELS = ["question", "quiz", "classgroup", "quizrun", "attempt"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for model in MODELS:
        ct, _ = ContentType.objects.get_or_create(app_label="quizzes", model=model)
        for action in ("add", "change", "delete", "view"):
            Permission.objects.get_or_create(content_type=ct, codename=f"{action}_{model}",
                                             defaults={"name": f"Can {action} {model}"})
    for group_name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="quizzes",
                                                         codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_question_bank_and_runs"),
        ("core", "0002_groups_and_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
