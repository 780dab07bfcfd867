"""The audit log is append-only in the database itself: raw SQL can neither
change nor delete an entry (SQLite and PostgreSQL), nor can a real site's
``manage.py flush``, while the test runner's flush and the retention purge
still work."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tips.models import AuditEntry, Tip, TipTombstone

pytestmark = pytest.mark.django_db


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_cannot_update_or_delete_an_entry():
    first = AuditEntry.record(actor="officer", action="view")
    AuditEntry.record(actor="officer", action="download")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE tips_auditentry SET detail = 'rewritten' WHERE id = %s", [first.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM tips_auditentry WHERE id = %s", [first.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM tips_auditentry")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            raw("TRUNCATE tips_auditentry")
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.get(pk=first.pk).detail == ""
    call_command("verify_tips_audit")


def test_the_retention_purge_still_deletes_tips_and_keeps_the_log(client, settings, time_machine):
    from tests.tips.helpers import send_tip, setup_office
    from tips.retention import purge_expired_tips

    setup_office()
    send_tip(client)
    tip = Tip.objects.get()
    AuditEntry.record(actor="officer", action="view", tip=tip)
    Tip.objects.filter(pk=tip.pk).update(status="closed", closed_on=tip.received_on)
    time_machine.move_to(f"{tip.received_on.year + 1}-06-01")
    assert purge_expired_tips() == 1
    assert not Tip.objects.exists() and TipTombstone.objects.filter(tip_id=tip.pk).exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["view", "purge"]
    call_command("verify_tips_audit")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_the_test_runners_flush_of_the_whole_database_empties_the_log():
    AuditEntry.record(actor="officer", action="view")
    # As the runner flushes after a serialized_rollback test: without
    # post_migrate, which would make the content types again under new ids.
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not AuditEntry.objects.exists()
    # The guard is back after the flush.
    AuditEntry.record(actor="officer", action="view")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM tips_auditentry")
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_sites_flush_is_refused_and_empties_nothing():
    """Django's own flush, as ``manage.py flush`` runs it on a real site
    (tests/flushing/ is installed by the test settings only)."""
    from django.core.management.base import CommandError
    from django.core.management.commands.flush import Command as DjangoFlush

    from tips.models import PoliceUnit

    AuditEntry.record(actor="officer", action="view")
    PoliceUnit.objects.create(name="南城派出所")
    with pytest.raises(CommandError):
        call_command(DjangoFlush(), interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 1
    assert PoliceUnit.objects.filter(name="南城派出所").exists()  # one transaction: nothing else went either
