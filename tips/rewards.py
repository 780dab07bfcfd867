"""Rewards for tips that helped to solve a case.

The rules: 毒品违法犯罪举报奖励办法, 禁毒办通〔2018〕70号, issued by 国家禁毒办,
公安部 and 财政部 in 2018 (cited below as "the rules"; article numbers are left
out because they were not checked against the official text). What this code
takes from them:

- Amounts: the national tiers run from ¥300 to "not less than ¥200,000", and
  up to ¥300,000 for a special contribution to a particularly serious case.
  Provinces may adjust the scale, so TIPS_REWARD_MIN_YUAN (300) is the
  national tiers' lowest, not a floor binding everywhere, and
  TIPS_REWARD_MAX_YUAN (300,000) the national top award.
- Notice: once a case is solved on a tip, police notify the tipster within
  15 working days. Anonymous tipsters can only be notified on the status
  page, so police are reminded (remind_unproposed_rewards, daily) when a
  solved case has waited TIPS_REWARD_PROPOSAL_WORKING_DAYS working days with
  no proposal. Working days are Monday to Friday, corrected by the
  TIPS_PUBLIC_HOLIDAYS and TIPS_ADJUSTED_WORKING_DAYS lists the office keeps
  from the State Council's yearly notice (nothing is built in).
- Claiming: within 2 months of being notified (TIPS_REWARD_CLAIM_MONTHS),
  with the tipster's own valid ID; someone else may collect with the
  tipster's authorisation. The tipster is notified the day the status page
  first shows the approval: the window counts from that day. A tipster who
  does not look within TIPS_RETENTION_DAYS of the approval counts as
  notified on that day (notice_deemed_on), so the window, the tip and its
  receipt's access all end at the latest that long plus 2 months after
  the approval.
- Deciding: the rules give 15 working days from the solved case to the
  notice; no time of their own for approving a proposal was found in them
  (checked against 新华社's summary of 24 August 2018, not the full text),
  and a proposal waiting for a decision keeps its tip. So, as this site's
  own rule and not the rules', a proposal not approved or rejected within
  TIPS_REWARD_DECISION_DAYS (unset: TIPS_RETENTION_DAYS, 90) of
  being proposed lapses (lapse_undecided_proposals, part of the daily
  purge, audited): it can no longer be approved, and its tip follows the
  usual retention from its closing day. While the case is still solved and
  not closed, its unit may propose again.
- Confidentiality: nothing about the tipster is published or passed on.

The flow, and who may do what:

1. The police unit handling the tip proposes an amount from the console.
2. A member of the "Reward officers" group approves or rejects it
   (tips/reward_console.py), after unlocking the reward officers' key with
   their passphrase and an authenticator code, like police do.
3. The tipster's status page then shows the amount, where to claim, and,
   once only, a claim code; from that first view, the date to claim by. The
   code is stored only as an Argon2id hash under its own server-side secret
   salt (tips.crypto.claim_code_hash), like receipts. A closed tip stays
   open to its receipt, and is not purged, until the claim window ends
   (tips/retention.py).
4. At the counter the reward officer types the claim code and records who
   collected it: name and ID number (checked: 18 digits, GB 11643 check
   digit), optionally a bank account, or the proxy's letter of authorisation.
   The record is encrypted with a random key sealed only to the reward
   officers' public key: investigators, superusers and editors cannot read
   it. After the claim date a claim is refused.
5. The identity is kept as long as the payment's original voucher, 30 years
   from the end of the year of the claim under 会计档案管理办法 (财政部、国家
   档案局令第79号, 2015; TIPS_REWARD_IDENTITY_YEARS), then destroyed by a
   daily task (destroy_expired_identities).

Every step is written to the audit log; the register export for finance
holds amounts, dates, units and statuses, never an identity.
"""

import base64
import calendar
import hmac
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from nacl.exceptions import CryptoError

from core.spreadsheet import Workbook, csv_bytes

from . import crypto
from .choices import Status
from .keys import KeyError_, check_passphrase, sealed_to_recovery
from .models import AuditEntry, Reward, RewardKey, RewardOfficer, RewardStatus

GROUP_NAME = "Reward officers"
# Police may propose a reward once the case is solved (已破案), as the rules say.
PROPOSABLE_STATUSES = (Status.SOLVED,)
OPEN_STATUSES = (RewardStatus.PROPOSED, RewardStatus.APPROVED, RewardStatus.CLAIMED)


class RewardError(ValueError):
    """A reward action refused, with a message for the user."""


def minimum_yuan() -> int:
    return int(getattr(settings, "TIPS_REWARD_MIN_YUAN", 300))


def maximum_yuan() -> int:
    return int(getattr(settings, "TIPS_REWARD_MAX_YUAN", 1_000_000))


def claim_months() -> int:
    return int(getattr(settings, "TIPS_REWARD_CLAIM_MONTHS", 2))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Dec + 2 → 29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unseen_notice_days() -> int:
    """How long an approval waits on the status page for a tipster who has
    not looked: as long as a closed tip is kept (TIPS_RETENTION_DAYS)."""
    return int(getattr(settings, "TIPS_RETENTION_DAYS", 90))


def notice_deemed_on(reward: Reward) -> date:
    """The day an approval the tipster has not looked at counts as notified.

    The rules' 2 months run from the notice, and police notify within 15
    working days of solving the case; an anonymous tipster can be notified
    only on the status page. Counting from the first view alone would keep a
    tip whose tipster never comes back, and its receipt's access, for ever.
    So the approval waits on the status page as long as the office keeps a
    closed tip (TIPS_RETENTION_DAYS after the approval); from then on it
    counts as notified, and the claim window runs from that day whether or
    not the tipster looks. A tipster who looks first gets the full window
    from that look."""
    return reward.decided_on + timedelta(days=unseen_notice_days())


def claim_window_end(reward: Reward, today: date) -> date:
    """The last day to claim for a tipster who sees the approval ``today``."""
    return add_months(min(today, notice_deemed_on(reward)), claim_months())


def earliest_unseen_approval_kept(today: date) -> date:
    """The earliest approval day whose unseen reward can still be claimed
    ``today`` (what tips.retention keeps for it)."""
    day = today - timedelta(days=unseen_notice_days() + 31 * claim_months() + 1)
    while add_months(day + timedelta(days=unseen_notice_days()), claim_months()) < today:
        day += timedelta(days=1)
    return day


def close_unseen_claim_windows() -> int:
    """Give every approved reward the tipster never looked at, whose window
    has ended, its claim date (the status page and the register then say the
    claim period is over); returns how many. Part of the daily purge."""
    today = timezone.localdate()
    closed = 0
    for reward in Reward.objects.filter(
        status=RewardStatus.APPROVED, claim_code_hash="", claim_until=None,
        decided_on__lt=earliest_unseen_approval_kept(today),
    ).select_related("unit", "tip"):
        with transaction.atomic():
            Reward.objects.filter(pk=reward.pk, claim_until=None).update(
                claim_until=add_months(notice_deemed_on(reward), claim_months())
            )
            _audit("system", "reward claim period over, never seen", reward)
        closed += 1
    return closed


def decision_days() -> int:
    """Days to decide a proposal; unset, as long as a closed tip is kept."""
    days = getattr(settings, "TIPS_REWARD_DECISION_DAYS", None)
    return int(days if days is not None else getattr(settings, "TIPS_RETENTION_DAYS", 90))


def decide_by(reward: Reward) -> date:
    """The last day a proposal can be approved or rejected."""
    return reward.proposed_on + timedelta(days=decision_days())


def earliest_undecided_proposal_kept(today: date) -> date:
    """The earliest proposal day whose proposal can still be decided ``today``."""
    return today - timedelta(days=decision_days())


def lapse_undecided_proposals() -> int:
    """End every proposal not decided by its last day (decide_by); returns
    how many. Part of the daily purge, so a tip is not kept for a decision
    that never comes; approve and reject also end an overdue one first."""
    lapsed = 0
    for reward in Reward.objects.filter(
        status=RewardStatus.PROPOSED, proposed_on__lt=earliest_undecided_proposal_kept(timezone.localdate())
    ).select_related("unit", "tip"):
        with transaction.atomic():
            if Reward.objects.filter(pk=reward.pk, status=RewardStatus.PROPOSED).update(
                status=RewardStatus.LAPSED, decided_on=decide_by(reward) + timedelta(days=1)
            ):
                _audit("system", "reward proposal lapsed, never decided", reward, f"proposed on {reward.proposed_on}")
                lapsed += 1
    return lapsed


def proposal_working_days() -> int:
    return int(getattr(settings, "TIPS_REWARD_PROPOSAL_WORKING_DAYS", 15))


def identity_years() -> int:
    return int(getattr(settings, "TIPS_REWARD_IDENTITY_YEARS", 30))


def is_working_day(day: date) -> bool:
    iso = day.isoformat()
    if iso in getattr(settings, "TIPS_ADJUSTED_WORKING_DAYS", ()):
        return True
    return day.weekday() < 5 and iso not in getattr(settings, "TIPS_PUBLIC_HOLIDAYS", ())


def working_days_since(start: date, today: date) -> int:
    """Working days after ``start`` up to and including ``today``."""
    return sum(1 for n in range(1, (today - start).days + 1) if is_working_day(start + timedelta(days=n)))


def default_claim_place() -> str:
    return getattr(settings, "TIPS_REWARD_CLAIM_PLACE", "")


# ---------------------------------------------------------------- keys and officers
def reward_group() -> Group:
    """Lets reward officers into the Wagtail admin, nothing more."""
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if created:
        access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
        if access:
            group.permissions.add(access)
    return group


def create_reward_key(first_officer, passphrase: str) -> RewardKey:
    """A new reward officers' key pair with its first officer. An existing key
    keeps its officers (claims sealed to it stay readable with it)."""
    check_passphrase(passphrase)
    with transaction.atomic():
        key, private = _new_reward_key()
        add_officer(key, first_officer, passphrase, private)
    return key


def _new_reward_key() -> tuple[RewardKey, bytes]:
    private, public = crypto.new_key_pair()
    return RewardKey.objects.create(public_key=public, recovery_sealed_key=sealed_to_recovery(private)), private


def add_officer(key: RewardKey, user, passphrase: str, private_key: bytes) -> RewardOfficer:
    check_passphrase(passphrase)
    if crypto.public_key_of(private_key) != bytes(key.public_key):
        raise KeyError_("this is not the reward officers' key")
    with transaction.atomic():
        officer, _created = RewardOfficer.objects.update_or_create(
            key=key, user=user, defaults=RewardOfficer.grant_fields(passphrase, private_key)
        )
        user.groups.add(reward_group())
    return officer


def remove_officer(user, actor) -> bool:
    """Take every copy of the reward officers' key and the group from ``user``."""
    with transaction.atomic():
        removed, _ = RewardOfficer.objects.filter(user=user).delete()
        user.groups.remove(reward_group())
        if removed:
            AuditEntry.record(actor=actor, action="reward officer removed", detail=user.get_username())
    return bool(removed)


def rotate_reward_key(key: RewardKey, old_private_key: bytes, actor) -> dict:
    """Replace the reward officers' key pair, as tips.keys.rotate_unit_key
    does a unit's: every claim record's key is sealed to the new key, which
    is sealed to each remaining officer and to the recovery key; the old key
    and its copies are deleted. Claims sealed to a key replaced earlier with
    tips_reward_key --replace are left as they are (this key cannot open them)."""
    if crypto.public_key_of(old_private_key) != bytes(key.public_key):
        raise KeyError_("this is not the reward officers' key")
    with transaction.atomic():
        new_key, new_private = _new_reward_key()
        new_public = bytes(new_key.public_key)
        resealed = []
        for reward in Reward.objects.select_for_update().filter(claim_sealed_key__isnull=False):
            try:
                record_key = crypto.unseal(old_private_key, reward.claim_sealed_key)
            except CryptoError:
                continue
            reward.claim_sealed_key = crypto.seal(new_public, record_key)
            resealed.append(reward)
        Reward.objects.bulk_update(resealed, ["claim_sealed_key"])
        kept, dropped = [], []
        for officer in RewardOfficer.objects.select_for_update().filter(key=key).select_related("user"):
            if officer.public_key is None:
                dropped.append(officer.user.get_username())
                continue
            officer.reseal(new_private)
            RewardOfficer.objects.create(
                key=new_key, user=officer.user, wrapped_key=officer.wrapped_key, public_key=officer.public_key,
                sealed_key=officer.sealed_key,
            )
            kept.append(officer.user.get_username())
        key.delete()  # and with it every copy of the old private key
        AuditEntry.record(
            actor=actor, action="reward key rotated",
            detail=f"{len(resealed)} claims; officers: {', '.join(kept) or '-'}"
            + (f"; dropped: {', '.join(dropped)}" if dropped else ""),
        )
    return {"claims": len(resealed), "kept": kept, "dropped": dropped, "key": new_key}


def private_key_from_officer(key: RewardKey, user, passphrase: str) -> bytes:
    officer = RewardOfficer.objects.filter(key=key, user=user).first()
    if officer is None:
        raise KeyError_("not a reward officer")
    try:
        return officer.unlock(passphrase)
    except CryptoError as error:
        raise KeyError_("wrong passphrase") from error


def private_key_from_recovery(key: RewardKey, recovery_private_b64: str) -> bytes:
    if key.recovery_sealed_key is None:
        raise KeyError_("this key was created without a recovery key")
    try:
        return crypto.unseal(base64.b64decode(recovery_private_b64.strip()), key.recovery_sealed_key)
    except (CryptoError, ValueError) as error:
        raise KeyError_("the recovery key does not open the reward officers' key") from error


def is_reward_officer(user) -> bool:
    return bool(
        user.is_authenticated
        and user.groups.filter(name=GROUP_NAME).exists()
        and RewardOfficer.objects.filter(user=user).exists()
    )


# ---------------------------------------------------------------- identity numbers
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def normalise_id_number(text: str) -> str:
    text = (text or "").strip().upper().translate({0xFF10 + i: str(i) for i in range(10)} | {0xFF38: "X"})
    return "".join(char for char in text if not char.isspace())


def id_number_problem(number: str) -> str:
    """Why an 18-digit resident ID number (GB 11643-1999) is not valid, or ''."""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return _("An ID number has 18 characters: 17 digits and a digit or X.")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("The date of birth in this ID number does not exist. Check the number.")
    if born.year < 1900 or born > timezone.localdate():
        return _("The date of birth in this ID number does not exist. Check the number.")
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != number[17]:
        return _("The last character of this ID number does not match the others. Check the number.")
    return ""


# ---------------------------------------------------------------- the flow
def propose(tip, actor, amount: int) -> Reward:
    if tip.status not in PROPOSABLE_STATUSES:
        raise RewardError(_("A reward can be proposed once the case is solved (status “Case solved”)."))
    if amount < minimum_yuan():
        raise RewardError(_("A reward is at least ¥%(minimum)s.") % {"minimum": minimum_yuan()})
    if amount > maximum_yuan():
        raise RewardError(_("A reward is at most ¥%(maximum)s.") % {"maximum": maximum_yuan()})
    with transaction.atomic():
        if Reward.objects.select_for_update().filter(tip=tip, status__in=OPEN_STATUSES).exists():
            raise RewardError(_("This tip already has a reward that is not rejected."))
        reward = Reward.objects.create(
            tip=tip, tip_reference=tip.reference, unit=tip.unit, amount=amount, proposed_by=actor.get_username()
        )
        AuditEntry.record(actor=actor, action="reward proposed", tip=tip, detail=f"reward {reward.pk}: ¥{amount}")
    return reward


def _audit(actor, action, reward, detail=""):
    AuditEntry.record(
        actor=actor, action=action, unit=reward.unit, tip=reward.tip,
        detail=f"reward {reward.pk}" + (f": {detail}" if detail else ""),
    )


def _decidable(reward: Reward):
    """Refuse a decision on a proposal that is decided or has lapsed."""
    if reward.status == RewardStatus.LAPSED:
        raise RewardError(
            _("This proposal lapsed: it was not decided by %(date)s, %(days)s days after it was proposed.")
            % {"date": date_format(decide_by(reward)), "days": decision_days()}
        )
    if reward.status != RewardStatus.PROPOSED:
        raise RewardError(_("This reward was already decided."))


def approve(reward: Reward, actor, claim_place: str) -> Reward:
    lapse_undecided_proposals()
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        _decidable(reward)
        today = timezone.localdate()
        reward.status = RewardStatus.APPROVED
        reward.decided_by = actor.get_username()
        reward.decided_on = today
        reward.claim_place = claim_place.strip()
        reward.save()
        _audit(actor, "reward approved", reward, f"¥{reward.amount}")
    return reward


def reject(reward: Reward, actor) -> Reward:
    lapse_undecided_proposals()
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        _decidable(reward)
        reward.status = RewardStatus.REJECTED
        reward.decided_by = actor.get_username()
        reward.decided_on = timezone.localdate()
        reward.save()
        _audit(actor, "reward rejected", reward)
    return reward


def for_tipster(tip) -> tuple[Reward | None, str]:
    """The tip's reward as the tipster sees it, and the claim code if this is
    the one time it is shown (the first view after approval), else ''.

    That first view is the notification: the claim window starts that day."""
    reward = tip.rewards.filter(status__in=(RewardStatus.APPROVED, RewardStatus.CLAIMED)).first()
    if reward is None or reward.status != RewardStatus.APPROVED or reward.claim_code_hash or reward.claim_until:
        return reward, ""
    today = timezone.localdate()
    claim_until = claim_window_end(reward, today)
    if claim_until < today:
        # Seen only after the window that ran from notice_deemed_on: the page
        # says the claim period is over, and no code is made.
        Reward.objects.filter(pk=reward.pk, claim_code_hash="", claim_until=None).update(claim_until=claim_until)
        reward.refresh_from_db()
        return reward, ""
    code = crypto.new_claim_code()
    # Only one request can turn the empty hash into a code: a second browser
    # tab at the same moment sees no code rather than a different one.
    taken = Reward.objects.filter(pk=reward.pk, claim_code_hash="").update(
        claim_code_hash=crypto.claim_code_hash(code),
        claim_code_shown_on=today,
        claim_until=claim_until,
    )
    if not taken:
        reward.refresh_from_db()
        return reward, ""
    reward.refresh_from_db()
    # Audited later and by its day only: audit_claim_codes_shown.
    return reward, crypto.format_claim_code(code)


CODE_SHOWN = "reward claim code shown"


def _audit_code_shown(reward: Reward):
    """The tipster's one action in the audit log. Written the next day (or at
    the counter, when the code is used, if that comes first) and dated by its
    day alone: neither its time nor its place among the officers' entries,
    timed to the second, tells when the tipster opened the status page."""
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        detail = f"reward {reward.pk}"
        if not reward.claim_code_shown_on or AuditEntry.objects.filter(action=CODE_SHOWN, detail=detail).exists():
            return
        AuditEntry.record(
            actor="tipster", action=CODE_SHOWN, unit=reward.unit, tip=reward.tip, detail=detail,
            on_day=reward.claim_code_shown_on,
        )


def audit_claim_codes_shown() -> None:
    """Daily (tips/schedules.py): the claim codes shown before today, into the audit log."""
    audited = set(AuditEntry.objects.filter(action=CODE_SHOWN).values_list("detail", flat=True))
    for reward in Reward.objects.filter(claim_code_shown_on__lt=timezone.localdate()).order_by("pk"):
        if f"reward {reward.pk}" not in audited:
            _audit_code_shown(reward)


@dataclass
class Claimant:
    name: str
    id_number: str
    bank_account: str = ""
    by_proxy: bool = False
    proxy_letter: object = None  # a cleaned file (tips.uploads.CleanFile) when by proxy


def claim(reward: Reward, actor, code: str, claimant: Claimant) -> Reward:
    """Record the payment; raises RewardError (and audits the refusal)."""
    refusal = None
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        if reward.status == RewardStatus.CLAIMED:
            raise RewardError(_("This reward was already paid out."))
        if reward.status != RewardStatus.APPROVED:
            raise RewardError(_("This reward is not approved."))
        # A reward the tipster never saw can also be past its window
        # (notice_deemed_on): the counter then hears that the period is over.
        if not reward.claim_code_hash and not reward.claim_expired:
            raise RewardError(_("The tipster has not yet opened the status page to get the claim code."))
        _audit_code_shown(reward)
        if reward.claim_expired:
            refusal = "claim period over", _(
                "The claim period ended on %(date)s. This reward can no longer be paid out."
            ) % {"date": date_format(reward.claim_until)}
        elif not hmac.compare_digest(
            crypto.claim_code_hash(code, crypto.hash_params(reward.claim_code_hash)), reward.claim_code_hash
        ):
            refusal = "wrong claim code", _("This claim code does not belong to this reward.")
        else:
            _record_claim(reward, actor, claimant)
    if refusal:
        # Audited outside the transaction above, which the refusal ends.
        _audit(actor, "reward claim refused", reward, refusal[0])
        raise RewardError(refusal[1])
    return reward


def _record_claim(reward: Reward, actor, claimant: Claimant):
    # A fresh key for this claim, sealed only to the reward officers' key: it
    # opens the identity record and the proxy letter, and nothing else.
    key = RewardKey.current()
    record_key = crypto.new_key()
    record = {
        "name": claimant.name,
        "id_number": claimant.id_number,
        "bank_account": claimant.bank_account,
        "by_proxy": claimant.by_proxy,
    }
    if claimant.proxy_letter is not None:
        record["proxy_letter_name"] = claimant.proxy_letter.name
        record["proxy_letter_type"] = claimant.proxy_letter.content_type
        encrypted = b"".join(crypto.encrypt_chunks(record_key, claimant.proxy_letter.data))
        reward.proxy_letter.save("x", ContentFile(encrypted), save=False)
    reward.claim_data = crypto.encrypt_text(record_key, json.dumps(record, ensure_ascii=False))
    reward.claim_sealed_key = crypto.seal(bytes(key.public_key), record_key)
    reward.status = RewardStatus.CLAIMED
    reward.claimed_by = actor.get_username()
    reward.claimed_on = timezone.localdate()
    reward.save()
    _audit(actor, "reward claimed", reward, "by proxy" if claimant.by_proxy else "in person")


def claim_key(reward: Reward, reward_private_key: bytes) -> bytes:
    return crypto.unseal(reward_private_key, reward.claim_sealed_key)


def read_claim(reward: Reward, reward_private_key: bytes) -> dict:
    return json.loads(crypto.decrypt_text(claim_key(reward, reward_private_key), reward.claim_data))


def read_proxy_letter(reward: Reward, reward_private_key: bytes) -> bytes:
    with reward.proxy_letter.open("rb") as handle:
        return crypto.decrypt_chunks(claim_key(reward, reward_private_key), handle.read())


# ---------------------------------------------------------------- daily tasks
REMINDER_SUBJECT = "已破案线索待提出奖励"
REMINDER_BODY = "有已破案的线索尚未提出举报奖励，已满15个工作日。请登录后台“线索”查看。\n"


def remind_unproposed_rewards() -> int:
    """Remind each unit, once per tip, of solved cases that have waited
    TIPS_REWARD_PROPOSAL_WORKING_DAYS working days with no reward proposed.
    The mail says only that something is waiting (like tips.tasks). Returns
    how many tips were reminded of; raises if mail fails (django-q retries)."""
    from django.core.mail import send_mass_mail

    from .models import PoliceUnit, Tip
    from .tasks import recipients

    today = timezone.localdate()
    due = [
        tip for tip in Tip.objects.filter(status=Status.SOLVED, solved_on__isnull=False, reward_reminded_on=None,
                                          rewards=None).select_related("unit")
        if working_days_since(tip.solved_on, today) >= proposal_working_days()
    ]
    for unit in PoliceUnit.objects.filter(pk__in={tip.unit_id for tip in due}):
        with transaction.atomic():
            tips = [tip for tip in due if tip.unit_id == unit.pk]
            addresses = recipients(unit)
            if addresses:
                send_mass_mail([(REMINDER_SUBJECT, REMINDER_BODY, settings.DEFAULT_FROM_EMAIL, [address])
                                for address in addresses], fail_silently=False)
            Tip.objects.filter(pk__in=[tip.pk for tip in tips]).update(reward_reminded_on=today)
            for tip in tips:
                AuditEntry.record(actor="system", action="reward reminder", tip=tip,
                                  detail=f"solved on {tip.solved_on}, no proposal")
    return len(due)


def identity_destroy_on(reward: Reward) -> date | None:
    """When a claim's identity is destroyed: TIPS_REWARD_IDENTITY_YEARS after
    the end of the accounting (calendar) year of the claim, as 会计档案管理办法
    counts an accounting record's retention from the first day after the
    accounting year ends."""
    if reward.claimed_on is None:
        return None
    return date(reward.claimed_on.year + 1 + identity_years(), 1, 1)


def destroy_expired_identities() -> int:
    """Destroy the identity records (and proxy letters) past their retention;
    the reward stays in the register. Returns how many."""
    first_kept_year = timezone.localdate().year - identity_years()
    destroyed = 0
    for reward in Reward.objects.filter(
        status=RewardStatus.CLAIMED, identity_destroyed_on=None, claimed_on__lt=date(first_kept_year, 1, 1)
    ).select_related("unit", "tip"):
        letter = reward.proxy_letter.name
        with transaction.atomic():
            Reward.objects.filter(pk=reward.pk).update(
                claim_sealed_key=None, claim_data=None, proxy_letter="", identity_destroyed_on=timezone.localdate()
            )
            _audit("system", "reward identity destroyed", reward)
        if letter:
            reward.proxy_letter.storage.delete(letter)
        destroyed += 1
    return destroyed


# ---------------------------------------------------------------- register for finance
def register_columns() -> list[str]:
    return [
        _("Tip"), _("Unit"), _("Amount (yuan)"), _("Status"), _("Proposed on"), _("Decided on"),
        _("Claim by"), _("Claimed on"),
    ]


def register_rows() -> list[list]:
    rows = []
    for reward in Reward.objects.select_related("unit").order_by("proposed_on", "pk"):
        status = reward.get_status_display()
        if reward.claim_expired:
            status = _("Not claimed in time")
        rows.append([
            reward.tip_reference, reward.unit.name, reward.amount, str(status),
            *(str(day) if day else "" for day in (reward.proposed_on, reward.decided_on, reward.claim_until,
                                                  reward.claimed_on)),
        ])
    return rows


def register_csv() -> bytes:
    return csv_bytes([register_columns(), *register_rows()])


def register_xlsx() -> bytes:
    out = io.BytesIO()
    workbook = Workbook(out)
    sheet = workbook.add_worksheet("rewards")
    workbook.write_row(sheet, 0, register_columns(), workbook.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    for row_index, row in enumerate(register_rows(), start=1):
        workbook.write_row(sheet, row_index, row)
    sheet.set_column(0, 7, 16)
    workbook.close()
    return out.getvalue()
