"""How long tips are kept (settings, with defaults).

- TIPS_RETENTION_DAYS (90): a closed tip (已关闭 or 不予采信) is purged this
  many days after it was closed. Purging destroys its keys first (the grants
  to units and the copy sealed to the tipster: crypto-shredding, so any copy
  of the rows left in a backup can no longer be opened), then its files and
  rows; a TipTombstone keeps its id, unit and dates. The audit log keeps its
  entries, which hold no content.
- TIPS_TIPSTER_ACCESS_DAYS (30): the receipt stops opening a tip this many
  days after it was closed, even before the purge.
- A reward still to be decided or claimed outlasts both: a closed tip with a
  proposed reward, or an approved one whose claim window (tips/rewards.py)
  has not ended, stays open to its receipt and is not purged, so the tipster
  can still see the approval and the claim code. When the window ends, the
  two periods above apply from the closing day as usual. A tipster who never
  looks does not keep it for ever: the approval counts as notified
  TIPS_RETENTION_DAYS after it was made, and the window runs from then
  (tips/rewards.py, notice_deemed_on). Nor does a decision that never comes:
  a proposal lapses TIPS_REWARD_DECISION_DAYS after it was made
  (tips/rewards.py, lapse_undecided_proposals).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .choices import CLOSED_STATUSES
from .models import AuditEntry, Reward, RewardStatus, Tip, TipKeyGrant, TipTombstone
from .rewards import (
    close_unseen_claim_windows,
    earliest_undecided_proposal_kept,
    earliest_unseen_approval_kept,
    lapse_undecided_proposals,
)


def retention_days() -> int:
    return int(getattr(settings, "TIPS_RETENTION_DAYS", 90))


def tipster_access_days() -> int:
    return int(getattr(settings, "TIPS_TIPSTER_ACCESS_DAYS", 30))


def rewards_pending():
    """Rewards that keep their tip: proposed and not past the day to decide
    (tips.rewards.decide_by), or approved and not past the claim window. A
    window the tipster has not opened yet keeps it only until the latest the
    window can end (tips.rewards.notice_deemed_on)."""
    today = timezone.localdate()
    return Reward.objects.filter(
        Q(status=RewardStatus.PROPOSED, proposed_on__gte=earliest_undecided_proposal_kept(today))
        | Q(status=RewardStatus.APPROVED)
        & (
            Q(claim_until__isnull=True, decided_on__gte=earliest_unseen_approval_kept(today))
            | Q(claim_until__gte=today)
        )
    )


def tipster_access_expired(tip: Tip) -> bool:
    return bool(
        tip.status in CLOSED_STATUSES
        and tip.closed_on
        and tip.closed_on + timedelta(days=tipster_access_days()) < timezone.localdate()
        and not rewards_pending().filter(tip=tip).exists()
    )


def purge_expired_tips() -> int:
    """Purge closed tips past the retention period; returns how many.
    Daily (tips/schedules.py); first ends the proposals nobody decided and
    the claim windows of rewards the tipster never looked at, so their tips
    are purged like any other."""
    lapse_undecided_proposals()
    close_unseen_claim_windows()
    limit = timezone.localdate() - timedelta(days=retention_days())
    purged = 0
    kept = rewards_pending().filter(tip__isnull=False).values("tip_id")
    expired = Tip.objects.filter(status__in=CLOSED_STATUSES, closed_on__lt=limit).exclude(pk__in=kept)
    for tip in expired.select_related("unit"):
        files = [a.file for a in tip.attachments.all()]
        with transaction.atomic():
            # Keys first: without them nothing left anywhere can be decrypted.
            TipKeyGrant.objects.filter(tip=tip).delete()
            Tip.objects.filter(pk=tip.pk).update(tipster_sealed_key=b"", body=b"")
            TipTombstone.objects.create(
                tip_id=tip.pk, unit=tip.unit.code, received_on=tip.received_on, closed_on=tip.closed_on
            )
            AuditEntry.record(actor="system", action="purge", tip=tip)
            tip.delete()
        for file in files:
            file.storage.delete(file.name)
        purged += 1
    return purged
