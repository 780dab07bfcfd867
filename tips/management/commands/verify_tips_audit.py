"""Check that the tips audit log is whole: no entry changed, removed or inserted."""

from django.core.management.base import BaseCommand, CommandError

from tips.models import AuditEntry


class Command(BaseCommand):
    help = "Recompute the hash chain of the tips audit log; fails if any entry was changed or removed."

    def handle(self, *args, **options):
        problems = AuditEntry.verify_chain()
        if problems:
            raise CommandError("The tips audit log is broken:\n" + "\n".join(problems))
        self.stdout.write(f"The tips audit log is whole ({AuditEntry.objects.count()} entries).")
