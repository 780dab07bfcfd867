"""Django's flush, able to empty the append-only audit log (tips/audit_guard.py),
for the test runner only (config.settings.test installs this app).

The test runner flushes the database after each transactional test; the
database triggers that refuse DELETE (and TRUNCATE) on tips_auditentry are
lifted inside that flush's transaction and restored before it commits. On a
real site ``manage.py flush`` is Django's own, and the triggers refuse it.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from tips.audit_guard import lifted_for_flush


class Command(FlushCommand):
    def handle(self, **options):
        with lifted_for_flush(connections[options["database"]]):
            return super().handle(**options)
