"""Django's flush, able to empty the append-only audit log (tips/audit_guard.py).

Emptying every table is the one time audit entries may go: the database
triggers that refuse DELETE (and TRUNCATE) on tips_auditentry are lifted
inside the flush's transaction and restored before it commits.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from tips.audit_guard import lifted_for_flush


class Command(FlushCommand):
    def handle(self, **options):
        with lifted_for_flush(connections[options["database"]]):
            return super().handle(**options)
