"""New tips are announced with a constant text, batched, retried by the next sweep, and never lost."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_q.models import Schedule

from tests.tips.helpers import send_tip, setup_office
from tips import tasks
from tips.models import Tip
from tips.schedules import SWEEP_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = setup_office()
    for key in ("officer", "drugs_officer"):
        office[key].email = f"{key}@police.example"
        office[key].save()
    return office


def test_notices_are_identical_whatever_the_tip_and_batched(client, office):
    send_tip(client, description="第一条", category="dealing")
    tasks.announce_new_tips()
    send_tip(client, description="第二条", category="online", area=f"c{office['community'].pk}")
    tasks.announce_new_tips()
    assert Tip.objects.filter(announced=True).count() == 2
    assert len(mail.outbox) == 2  # one per sweep that found a tip
    first, second = mail.outbox
    assert (first.subject, first.body) == (second.subject, second.body)
    assert first.subject == "有新线索待处理"
    for tip in Tip.objects.all():
        for text in (first.subject, first.body):
            assert tip.reference not in text
            assert "第一条" not in text and "新基" not in text and "dealing" not in text
    # Several waiting tips make one notice per recipient.
    mail.outbox.clear()
    send_tip(client)
    send_tip(client)
    assert tasks.announce_new_tips() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@police.example"]


def test_a_tip_is_stored_and_waits_for_the_sweep_without_any_queued_task(client, office):
    from django_q.models import OrmQ, Task

    assert send_tip(client).status_code == 200
    tip = Tip.objects.get()
    assert not tip.announced and not mail.outbox
    assert not Task.objects.exists() and not OrmQ.objects.exists()
    assert tasks.announce_new_tips() == 1
    assert len(mail.outbox) == 1


def test_a_mail_failure_leaves_the_tip_for_the_retry(client, office, monkeypatch):
    send_tip(client)

    def failing(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_mass_mail", failing)
    with pytest.raises(OSError):
        tasks.announce_new_tips()
    assert not Tip.objects.get().announced
    monkeypatch.undo()
    assert tasks.announce_new_tips() == 1
    assert tasks.announce_new_tips() == 0  # idempotent


def test_the_sweep_schedule_exists_once_after_migrate():
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    sweep = Schedule.objects.filter(name=SWEEP_NAME)
    assert sweep.count() == 1
    assert sweep.get().func == "tips.tasks.sweep"
