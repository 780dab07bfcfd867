"""Background work for tips (django-q runs these functions).

New tips are announced to their unit with a constant text: no content, no
category, no area, no reference, no count, so a mailbox or an SMS gateway
learns only that something is waiting. One notice per recipient per run
(batched), whatever the number of tips. A tip is marked announced only once
its unit's notice went out, so a tip stored while the worker or the mail
server was down is announced at a later sweep, and none is lost.

No task is queued per tip: its queue row would keep the tip's time to the
microsecond. ``sweep`` runs every minute from a schedule (tips/schedules.py)
whose task rows are not kept, and it never fails or returns anything, so
the queue's tables look the same whether a tip was waiting or not.
"""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from .models import PoliceUnit, Tip

logger = logging.getLogger(__name__)

NOTICE_SUBJECT = "有新线索待处理"
NOTICE_BODY = "有新线索待处理。请登录后台“线索”查看。\n"


def recipients(unit: PoliceUnit) -> list[str]:
    addresses = [unit.email] if unit.email else []
    addresses += [m.user.email for m in unit.members.select_related("user") if m.user.email and m.user.is_active]
    return sorted(set(addresses))


def announce_new_tips() -> int:
    """Send the constant notice to each unit with unannounced tips; returns
    how many tips were announced. Raises if mail fails (django-q retries)."""
    announced = 0
    unit_ids = Tip.objects.filter(announced=False).values_list("unit_id", flat=True).distinct()
    for unit in PoliceUnit.objects.filter(pk__in=list(unit_ids)):
        with transaction.atomic():
            pending = list(Tip.objects.select_for_update().filter(announced=False, unit=unit).values_list("pk", flat=True))
            if not pending:
                continue
            addresses = recipients(unit)
            if addresses:
                sender = settings.DEFAULT_FROM_EMAIL
                send_mass_mail([(NOTICE_SUBJECT, NOTICE_BODY, sender, [address]) for address in addresses],
                               fail_silently=False)
            Tip.objects.filter(pk__in=pending).update(announced=True)
            announced += len(pending)
    return announced


def sweep() -> None:
    """The scheduled announcement: its failures are logged, never raised (a
    failed task's row would say when a tip was waiting); the next minute's
    sweep tries again."""
    try:
        announce_new_tips()
    except Exception:  # noqa: BLE001 - retried by the next sweep
        logger.warning("tips: the new-tip notice could not be sent; the next sweep tries again")
