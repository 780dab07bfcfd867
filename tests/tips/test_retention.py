"""Closed tips are purged after the retention period: keys, rows and files
go, a tombstone with id, unit and dates stays, the receipt stops working."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.tips.helpers import jpeg_with_metadata, open_status, receipt_in, send_tip, setup_office
from tips.choices import Status
from tips.models import Attachment, AuditEntry, Message, Tip, TipKeyGrant, TipTombstone

pytestmark = pytest.mark.django_db


def test_a_closed_tip_is_purged_after_the_retention_period(client, time_machine):
    time_machine.move_to(timezone.now(), tick=True)
    setup_office()
    receipt = receipt_in(send_tip(client, files=[jpeg_with_metadata()]).content.decode())
    kept = receipt_in(send_tip(client).content.decode())  # still open: never purged
    tip = Tip.objects.order_by("pk").first()
    path = Path(tip.attachments.get().file.path)
    Tip.objects.filter(pk=tip.pk).update(status=Status.CLOSED, closed_on=timezone.localdate())

    time_machine.shift(timedelta(days=31))
    assert open_status(client, receipt).status_code == 400  # tipster access over
    call_command("purge_tips")
    assert Tip.objects.filter(pk=tip.pk).exists()  # not yet

    time_machine.shift(timedelta(days=60))
    call_command("purge_tips")
    assert not Tip.objects.filter(pk=tip.pk).exists()
    assert not TipKeyGrant.objects.filter(tip_id=tip.pk).exists()
    assert not Attachment.objects.exists() and not Message.objects.exists()
    assert not path.exists()
    tombstone = TipTombstone.objects.get()
    assert (tombstone.tip_id, tombstone.unit, tombstone.received_on) == (tip.pk, "nancheng", tip.received_on)
    assert AuditEntry.objects.filter(action="purge").count() == 1
    call_command("verify_tips_audit")
    assert open_status(client, kept).status_code == 200
    call_command("purge_tips")
    assert TipTombstone.objects.count() == 1
