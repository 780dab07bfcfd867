"""Demo accounts, one per staff group (core/migrations/0002_groups_and_workflow.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "changeme"  # noqa: S105 - demo accounts only; README says to change them
USERS = [
    # username, group, first name, is_superuser
    ("admin", None, "管理员", True),
    ("editor", "Editors", "宣传编辑", False),
    ("approver", "Approvers", "审核人", False),
    ("teacher", "Teachers", "教师", False),
]


def ensure_users() -> int:
    """Create the demo accounts that are missing; existing ones are left alone.
    Returns how many were created."""
    User = get_user_model()
    created_count = 0
    for username, group_name, first_name, superuser in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.com",
                "first_name": first_name,
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created_count += 1
        if group_name:
            group, _ = Group.objects.get_or_create(name=group_name)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
    return created_count
