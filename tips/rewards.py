"""Rewards for tips that helped to solve a case (毒品违法犯罪举报奖励办法, 2018).

The flow, and who may do what:

1. The police unit handling the tip proposes an amount (at least
   TIPS_REWARD_MIN_YUAN, ¥300 under the 2018 national rules) from the console.
2. A member of the "Reward officers" group approves or rejects it
   (tips/reward_console.py), after unlocking the reward officers' key with
   their passphrase and an authenticator code, like police do.
3. The tipster's status page then shows the amount, where to claim and by
   when (TIPS_REWARD_CLAIM_DAYS after approval, 60 by default), and, once
   only, a claim code. The code is stored only as an Argon2id hash under its
   own server-side secret salt (tips.crypto.claim_code_hash), like receipts.
4. At the counter the reward officer types the claim code and records who
   collected it: name and ID number (checked: 18 digits, GB 11643 check
   digit), optionally a bank account, or the proxy's letter of authorisation.
   The record is encrypted with a random key sealed only to the reward
   officers' public key: investigators, superusers and editors cannot read
   it. After the claim date a claim is refused.

Every step is written to the audit log; the register export for finance
holds amounts, dates, units and statuses, never an identity.
"""

import base64
import csv
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

from . import crypto
from .choices import Status
from .keys import KeyError_, check_passphrase
from .models import AuditEntry, RecoveryKey, Reward, RewardKey, RewardOfficer, RewardStatus

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


def claim_days() -> int:
    return int(getattr(settings, "TIPS_REWARD_CLAIM_DAYS", 60))


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
    private, public = crypto.new_key_pair()
    recovery = RecoveryKey.current()
    with transaction.atomic():
        key = RewardKey.objects.create(
            public_key=public,
            recovery_sealed_key=crypto.seal(bytes(recovery.public_key), private) if recovery else None,
        )
        add_officer(key, first_officer, passphrase, private)
    return key


def add_officer(key: RewardKey, user, passphrase: str, private_key: bytes) -> RewardOfficer:
    check_passphrase(passphrase)
    if crypto.public_key_of(private_key) != bytes(key.public_key):
        raise KeyError_("this is not the reward officers' key")
    with transaction.atomic():
        officer, _created = RewardOfficer.objects.update_or_create(
            key=key, user=user, defaults={"wrapped_key": crypto.wrap_secret(passphrase, private_key)}
        )
        user.groups.add(reward_group())
    return officer


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


def approve(reward: Reward, actor, claim_place: str) -> Reward:
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        if reward.status != RewardStatus.PROPOSED:
            raise RewardError(_("This reward was already decided."))
        today = timezone.localdate()
        reward.status = RewardStatus.APPROVED
        reward.decided_by = actor.get_username()
        reward.decided_on = today
        reward.claim_place = claim_place.strip()
        reward.claim_until = today + timedelta(days=claim_days())
        reward.save()
        _audit(actor, "reward approved", reward, f"¥{reward.amount}, claim by {reward.claim_until}")
    return reward


def reject(reward: Reward, actor) -> Reward:
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        if reward.status != RewardStatus.PROPOSED:
            raise RewardError(_("This reward was already decided."))
        reward.status = RewardStatus.REJECTED
        reward.decided_by = actor.get_username()
        reward.decided_on = timezone.localdate()
        reward.save()
        _audit(actor, "reward rejected", reward)
    return reward


def for_tipster(tip) -> tuple[Reward | None, str]:
    """The tip's reward as the tipster sees it, and the claim code if this is
    the one time it is shown (the first view after approval), else ''."""
    reward = tip.rewards.filter(status__in=(RewardStatus.APPROVED, RewardStatus.CLAIMED)).first()
    if reward is None or reward.status != RewardStatus.APPROVED or reward.claim_code_hash:
        return reward, ""
    code = crypto.new_claim_code()
    # Only one request can turn the empty hash into a code: a second browser
    # tab at the same moment sees no code rather than a different one.
    taken = Reward.objects.filter(pk=reward.pk, claim_code_hash="").update(
        claim_code_hash=crypto.claim_code_hash(code), claim_code_shown_on=timezone.localdate()
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
        if not reward.claim_code_hash:
            raise RewardError(_("The tipster has not yet opened the status page to get the claim code."))
        _audit_code_shown(reward)
        if reward.claim_expired:
            refusal = "claim period over", _(
                "The claim period ended on %(date)s. This reward can no longer be paid out."
            ) % {"date": date_format(reward.claim_until)}
        elif not hmac.compare_digest(crypto.claim_code_hash(code), reward.claim_code_hash):
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


def _spreadsheet_safe(value):
    # A cell starting with = + - @ is a formula to Excel: never let text run.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def register_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(register_columns())
    for row in register_rows():
        writer.writerow([_spreadsheet_safe(value) for value in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel on Chinese Windows reads UTF-8


def register_xlsx() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("rewards")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, register_columns(), bold)
    sheet.freeze_panes(1, 0)
    for row_index, row in enumerate(register_rows(), start=1):
        for column_index, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(row_index, column_index, value)
            else:
                sheet.write_string(row_index, column_index, value)
    sheet.set_column(0, 7, 16)
    workbook.close()
    return out.getvalue()
