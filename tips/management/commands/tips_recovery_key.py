"""Make the office's recovery key pair and print its private half once."""

import os

from django.core.management.base import BaseCommand

from tips.keys import create_recovery_key


class Command(BaseCommand):
    help = (
        "Create a recovery key pair for tips. The private key is printed once and stored nowhere: "
        "the office head keeps it offline (on paper or an offline USB key). Units created afterwards "
        "can be re-granted to new officers with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Write the private key to this file instead of printing it.")

    def handle(self, *args, out=None, **options):
        recovery, private = create_recovery_key()
        if out:
            # Created 0600 from the start (never readable by others, not even
            # for a moment), and never over an existing file.
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(private + "\n")
            self.stdout.write(f"Recovery key {recovery.fingerprint}: private key written to {out}")
        else:
            self.stdout.write(f"Recovery key {recovery.fingerprint}. Private key (keep offline):\n{private}")
