"""Set the default Wagtail Site's public host name and port.

The demo content (and a fresh install) has localhost:80, and Wagtail builds
every absolute URL from the Site record, not from the request: the sitemap,
the RSS feed, Open Graph and share links would all name localhost. Run once
after installing, and again if the domain changes:

    manage.py set_site --hostname jdb.example.cn --port 443

Port 443 gives https:// URLs, 80 gives http://, anything else host:port.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

# A DNS name or an IPv4 address: letters, digits, hyphens and dots, nothing else.
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


class Command(BaseCommand):
    help = "Set the default site's public host name and port (used in sitemap, RSS and share links)."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", required=True, help="e.g. jdb.example.cn (no scheme, port or path)")
        parser.add_argument("--port", type=int, default=443, help="443 for https (default), 80 for http")
        parser.add_argument("--name", help="the site name shown in the admin (optional)")

    @transaction.atomic
    def handle(self, *args, hostname, port, name=None, **options):
        hostname = hostname.strip().lower()
        if not _HOSTNAME.match(hostname):
            raise CommandError(
                f"{hostname!r} is not a host name: give only the name, e.g. --hostname jdb.example.cn "
                "(no https://, no :port, no path)."
            )
        if not 1 <= port <= 65535:
            raise CommandError(f"{port} is not a TCP port.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: run migrate and load_initial_data (or create one in the admin).")
        site.hostname = hostname
        site.port = port
        if name:
            site.site_name = name
        # Saving a Site clears Wagtail's cached site root paths and, through
        # core/signals.py, the page cache, so every URL is rebuilt.
        site.save()
        self.stdout.write(f"Default site: {site.root_url}/ ({site.site_name or hostname})")
