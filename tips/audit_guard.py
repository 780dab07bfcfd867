"""The database's own refusal to change or delete audit entries.

Migrations 0002 and 0005 add triggers to tips_auditentry: UPDATE and DELETE
abort on SQLite and PostgreSQL, and on PostgreSQL TRUNCATE does too. They
stand behind the ORM guard in tips.models.AuditEntry, so raw SQL cannot
rewrite or thin out the history either (and the hash chain,
``manage.py verify_tips_audit``, finds rows slipped in).

Nothing on a real site empties the log, ``manage.py flush`` included. The
test runner's flush between transactional tests (tests/flushing/, installed
by config.settings.test only) lifts the DELETE/TRUNCATE triggers inside the
flush's own transaction and puts them back before it commits. The retention purge never needs this: it deletes tips, and audit
entries have no foreign key to them.
"""

from contextlib import contextmanager

from django.db import transaction

SQLITE_DELETE_TRIGGER = """
CREATE TRIGGER tips_auditentry_no_delete BEFORE DELETE ON tips_auditentry
BEGIN SELECT RAISE(ABORT, 'the tips audit log is append-only'); END;
"""
POSTGRESQL_TRIGGERS = ("tips_auditentry_no_delete", "tips_auditentry_no_truncate")


def _sqlite_has_trigger(cursor) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'tips_auditentry_no_delete'")
    return cursor.fetchone() is not None


@contextmanager
def lifted_for_flush(connection):
    """Let a whole-database flush empty the audit log, in one transaction."""
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if vendor == "sqlite" and _sqlite_has_trigger(cursor):
            cursor.execute("DROP TRIGGER tips_auditentry_no_delete")
            yield
            cursor.execute(SQLITE_DELETE_TRIGGER)
        elif vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = ANY(%s)", [list(POSTGRESQL_TRIGGERS)])
            present = [row[0] for row in cursor.fetchall()]
            for name in present:
                cursor.execute(f"ALTER TABLE tips_auditentry DISABLE TRIGGER {name}")  # noqa: S608 - fixed names
            yield
            for name in present:
                cursor.execute(f"ALTER TABLE tips_auditentry ENABLE TRIGGER {name}")  # noqa: S608 - fixed names
        else:
            yield
