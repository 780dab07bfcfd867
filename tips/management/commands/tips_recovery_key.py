"""Make the office's recovery key pair and print its private half once."""

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
            with open(out, "x", encoding="ascii") as handle:
                handle.write(private + "\n")
            self.stdout.write(f"Recovery key {recovery.fingerprint}: private key written to {out}")
        else:
            self.stdout.write(f"Recovery key {recovery.fingerprint}. Private key (keep offline):\n{private}")
