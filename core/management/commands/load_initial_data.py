"""Build the demo site: pages in zh-hans, en and (a few) zh-hant, pictures,
leaflets, site settings, footer links and demo users.

Idempotent: when the zh-hans home page exists the content is left alone (only
missing demo users are added), so a second run changes nothing. The build runs
in one transaction, so a failure leaves no half-built tree behind.
"""

import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.demo.builder import DEMO_PASSWORD, DemoBuilder


class Command(BaseCommand):
    help = "Load the demo content (safe to run again: it does nothing once loaded)."

    def handle(self, *args, **options):
        started = time.monotonic()
        builder = DemoBuilder()
        if builder.already_loaded():
            builder.ensure_users()
            self.stdout.write("Demo content already loaded; nothing to do.")
            return

        stats = builder.build()
        self._reindex(builder.created_objects())

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
                f"Demo content loaded in {time.monotonic() - started:.1f} s: pages ({per_locale}), "
                f"{stats.images} images, {stats.documents} documents, "
                f"{stats.users_created} users created."
            )
        )
        self.stdout.write(f"Log in at /admin/ as admin / {DEMO_PASSWORD} (also editor, approver, teacher).")

    def _reindex(self, groups):
        """Index what was built (indexing on save was off during the build, and
        now every drug's street names are in the segmentation dictionary), and
        rebuild the reference index (where each image and page is used)."""
        backend = get_search_backend()
        for model, objects in groups.items():
            backend.add_bulk(model, objects)
        call_command("rebuild_references_index", stdout=io.StringIO())
