"""The audit log refuses UPDATE in the database itself, not only in the ORM
(tips.models.AuditEntry), so raw SQL cannot rewrite history either. DELETE
(and TRUNCATE) are refused by 0005_audit_refuses_delete (tips/audit_guard.py)."""

from django.db import migrations

SQLITE = """
CREATE TRIGGER tips_auditentry_no_update BEFORE UPDATE ON tips_auditentry
BEGIN SELECT RAISE(ABORT, 'the tips audit log is append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS tips_auditentry_no_update;"
POSTGRESQL = """
CREATE OR REPLACE FUNCTION tips_auditentry_refuse() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the tips audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tips_auditentry_no_update BEFORE UPDATE ON tips_auditentry
FOR EACH ROW EXECUTE FUNCTION tips_auditentry_refuse();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS tips_auditentry_no_update ON tips_auditentry;
DROP FUNCTION IF EXISTS tips_auditentry_refuse();
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
    dependencies = [("tips", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
