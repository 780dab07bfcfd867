"""The audit log refuses DELETE in the database too (and TRUNCATE on
PostgreSQL), next to the UPDATE trigger of 0002 and the ORM guard. A flush of
the whole database lifts them for its own transaction (tips/audit_guard.py)."""

from django.db import migrations

SQLITE = """
CREATE TRIGGER tips_auditentry_no_delete BEFORE DELETE ON tips_auditentry
BEGIN SELECT RAISE(ABORT, 'the tips audit log is append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS tips_auditentry_no_delete;"
# tips_auditentry_refuse() comes from 0002.
POSTGRESQL = """
CREATE TRIGGER tips_auditentry_no_delete BEFORE DELETE ON tips_auditentry
FOR EACH ROW EXECUTE FUNCTION tips_auditentry_refuse();
CREATE TRIGGER tips_auditentry_no_truncate BEFORE TRUNCATE ON tips_auditentry
FOR EACH STATEMENT EXECUTE FUNCTION tips_auditentry_refuse();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS tips_auditentry_no_delete ON tips_auditentry;
DROP TRIGGER IF EXISTS tips_auditentry_no_truncate ON tips_auditentry;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("tips", "0004_rewards")]
    operations = [migrations.RunPython(forwards, backwards)]
