from django.core.management.base import BaseCommand

from core.schedules import ensure_schedules


class Command(BaseCommand):
    help = "Create or update the django-q schedules (safe to run again)."

    def handle(self, *args, **options):
        for schedule in ensure_schedules():
            self.stdout.write(f"{schedule.name}: every {schedule.minutes} min")
