"""Purge closed tips past the retention period (also run daily by django-q)."""

from django.core.management.base import BaseCommand

from tips.retention import purge_expired_tips


class Command(BaseCommand):
    help = "Destroy the keys, files and rows of closed tips past TIPS_RETENTION_DAYS; keep a tombstone."

    def handle(self, *args, **options):
        self.stdout.write(f"Purged {purge_expired_tips()} tips.")
