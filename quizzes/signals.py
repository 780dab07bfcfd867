from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def create_schedules(sender, app_config=None, **kwargs):
    """The quiz schedules, once by name, after migrations run."""
    if app_config is None or app_config.label != "quizzes":
        return
    from quizzes.schedules import ensure_schedules

    ensure_schedules()
