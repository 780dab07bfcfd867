"""Build the demo site: core's languages and subdistrict registry (communities,
schools), then each feature app's demo content in the order the apps
registered it (core/plugins.py), then the demo accounts.

Idempotent: every part leaves alone what it already made, so a second run
changes nothing.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Count
from wagtail.models import Locale, Page

from core import plugins
from core.demo.registry import load_registry
from core.demo.users import DEMO_PASSWORD, USERS, ensure_users


class Command(BaseCommand):
    help = "Load the demo content (safe to run again: it changes nothing once loaded)."

    def handle(self, *args, **options):
        started = time.monotonic()
        for code, _ in settings.LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        load_registry()
        for _label, load in plugins.demo_loaders():
            load(self.stdout)
        users_created = ensure_users()

        counts = dict(
            Page.objects.filter(depth__gt=1)
            .order_by()
            .values_list("locale__language_code")
            .annotate(n=Count("pk"))
            .values_list("locale__language_code", "n")
        )
        per_locale = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready in {time.monotonic() - started:.1f} s: pages ({per_locale}), "
                f"{users_created} users created."
            )
        )
        others = ", ".join(name for name, *_ in USERS[1:])
        self.stdout.write(f"Log in at /admin/ as admin / {DEMO_PASSWORD} (also {others}).")
