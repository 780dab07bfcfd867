"""Signal receivers of the campaigns app."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def create_schedules(sender, app_config=None, **kwargs):
    """The planning tasks' schedules, once, by name, after migrations run."""
    if app_config is None or app_config.label != "campaigns":
        return
    from campaigns.schedules import ensure_schedules

    ensure_schedules()
