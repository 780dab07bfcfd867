"""Tips, police units and everything between them.

What is stored in clear, and why: a tip's category, community and grid unit
(routing and the unit's inbox need them, and they are chosen from lists, not
typed), its status, and its day of submission (rounded to the day). Everything
the tipster or the police type or upload is encrypted (tips/crypto.py).
"""

import hashlib
import json
import secrets
from datetime import UTC, datetime, time

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import crypto
from .choices import TIPSTER_STATUS, Author, Category, Status


# ---------------------------------------------------------------- keys and units
class RecoveryKey(models.Model):
    """The office's recovery public key; its private half is kept offline by the
    office head and re-grants a unit's key when its officers change."""

    public_key = models.BinaryField(_("public key"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recovery key")
        verbose_name_plural = _("recovery keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{_('recovery key')} {self.fingerprint}"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(bytes(self.public_key)).hexdigest()[:16]

    @classmethod
    def current(cls):
        return cls.objects.order_by("-created_at", "-pk").first()


class PoliceUnit(models.Model):
    """A police unit (派出所, 禁毒大队...) that receives tips, with its key pair."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    public_key = models.BinaryField(_("public key"))
    # The unit's private key sealed to the recovery key (None without one).
    recovery_sealed_key = models.BinaryField(_("private key sealed to the recovery key"), null=True)
    email = models.EmailField(
        _("notification e-mail"),
        blank=True,
        help_text=_("Gets only the constant notice that a new tip is waiting; members get it too."),
    )

    class Meta:
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        ordering = ["name"]

    def __str__(self):
        return self.name


class HeldKey(models.Model):
    """One person's copy of a shared private key (a unit's, or the reward
    officers'), without the shared key ever being stored under a passphrase.

    The holder has a key pair of their own: its private half is wrapped under
    their passphrase (``wrapped_key``), and the shared private key is sealed
    to its public half (``sealed_key``). When the shared key is replaced, it
    is sealed again to each remaining holder's public key: nobody's
    passphrase is needed, and a removed holder's passphrase opens nothing.

    A copy made before holders had key pairs has no ``public_key``: its
    ``wrapped_key`` is the shared key itself. It is turned into the new form
    the first time its holder unlocks it.
    """

    wrapped_key = models.BinaryField(_("own private key, wrapped under the passphrase"))
    public_key = models.BinaryField(_("own public key"), null=True)
    sealed_key = models.BinaryField(_("shared private key sealed to the own key"), null=True)

    class Meta:
        abstract = True

    @staticmethod
    def grant_fields(passphrase: str, shared_private_key: bytes) -> dict:
        own_private, own_public = crypto.new_key_pair()
        return {
            "wrapped_key": crypto.wrap_secret(passphrase, own_private),
            "public_key": own_public,
            "sealed_key": crypto.seal(own_public, shared_private_key),
        }

    def unlock(self, passphrase: str) -> bytes:
        """The shared private key; raises nacl.exceptions.CryptoError if wrong."""
        own_private = crypto.unwrap_secret(passphrase, self.wrapped_key)
        if self.public_key is None:
            shared = own_private  # an old copy: the shared key itself
            for field, value in self.grant_fields(passphrase, shared).items():
                setattr(self, field, value)
            self.save(update_fields=["wrapped_key", "public_key", "sealed_key"])
            return shared
        return crypto.unseal(own_private, self.sealed_key)

    def reseal(self, shared_private_key: bytes):
        """Give this holder a new shared key (its passphrase is not needed)."""
        self.sealed_key = crypto.seal(bytes(self.public_key), shared_private_key)


class UnitMembership(HeldKey):
    """A police officer's access to a unit: the unit's private key, held as
    HeldKey says."""

    unit = models.ForeignKey(PoliceUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="tip_units"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit member")
        verbose_name_plural = _("unit members")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="tips_membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.unit}"


class RoutingRule(models.Model):
    """Category × area → police unit. The first matching rule (by order) wins;
    a blank category or community matches any. No match: the default unit."""

    sort_order = models.IntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.CASCADE, null=True, blank=True
    )
    unit = models.ForeignKey(PoliceUnit, verbose_name=_("unit"), on_delete=models.CASCADE)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Receives every tip no other rule matches.")
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["is_default", "sort_order", "pk"]

    def __str__(self):
        if self.is_default:
            return f"{_('default')} → {self.unit}"
        category = self.get_category_display() if self.category else _("any category")
        community = self.community or _("any community")
        return f"{category} · {community} → {self.unit}"

    def matches(self, category: str, community_id) -> bool:
        return (not self.category or self.category == category) and (
            self.community_id is None or self.community_id == community_id
        )


def route(category: str, community_id) -> PoliceUnit | None:
    rules = list(RoutingRule.objects.select_related("unit"))
    for rule in rules:
        if not rule.is_default and rule.matches(category, community_id):
            return rule.unit
    for rule in rules:
        if rule.is_default:
            return rule.unit
    return None


# ---------------------------------------------------------------- tips
def today():
    return timezone.localdate()


def new_reference() -> str:
    """What police call a tip: random, so it says nothing about order or time."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Tip(models.Model):
    """One anonymous tip. Its text lives in ``body`` (encrypted JSON)."""

    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.SET_NULL, null=True, blank=True
    )
    grid_unit = models.ForeignKey(
        "core.GridUnit", verbose_name=_("grid unit"), on_delete=models.SET_NULL, null=True, blank=True
    )
    unit = models.ForeignKey(PoliceUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="tips")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Rounded to the day on purpose: the exact time, next to any other log,
    # could identify the sender.
    received_on = models.DateField(_("received on"), default=today)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # When police marked the case solved: the rules give them 15 working days
    # from then to see to the reward (tips.rewards.remind_unproposed_rewards).
    solved_on = models.DateField(_("solved on"), null=True, blank=True)
    reward_reminded_on = models.DateField(_("reminded to propose a reward on"), null=True, blank=True)
    receipt_hash = models.CharField(_("receipt hash"), max_length=128, unique=True)
    receipt_confirmed = models.BooleanField(_("receipt noted"), default=False)
    tipster_salt = models.BinaryField(_("tipster key salt"))
    tipster_sealed_key = models.BinaryField(_("tip key sealed to the tipster"))
    body = models.BinaryField(_("encrypted content"))
    announced = models.BooleanField(_("announced to the unit"), default=False)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="duplicates",
    )

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["announced"], name="tips_tip_announced")]

    def __str__(self):
        return self.reference

    @property
    def tipster_status(self) -> str:
        return TIPSTER_STATUS[Status(self.status)]

    def read_body(self, tip_key: bytes) -> dict:
        return json.loads(crypto.decrypt_text(tip_key, self.body))

    def key_for_unit(self, unit: PoliceUnit, unit_private_key: bytes) -> bytes:
        grant = self.grants.get(unit=unit)
        return crypto.unseal(unit_private_key, grant.sealed_key)

    def key_for_tipster(self, receipt: str, receipt_secret: bytes | None = None) -> bytes:
        """The tip's key from the receipt; ``receipt_secret`` is the receipt's
        Argon2id output (crypto.receipt_secret) when the caller already has it."""
        salt = bytes(self.tipster_salt)
        if crypto.tipster_key_from_receipt_secret(salt):
            if receipt_secret is None:
                _params, receipt_secret = crypto.receipt_secret(receipt, crypto.hash_params(self.receipt_hash))
            private = crypto.tipster_key_from_secret(receipt_secret, salt)
        else:
            private = crypto.tipster_private_key(receipt, salt)
        return crypto.unseal(private, self.tipster_sealed_key)

    @classmethod
    def create(cls, *, receipt: str, category, community, grid_unit, unit, content: dict):
        """Encrypt and store a new tip; returns (tip, tip_key).

        One Argon2id run gives both the stored receipt hash and the tipster's
        key (tips/crypto.py): a second run would double the submission's
        cost and protect nothing more, since both come from the same receipt."""
        tip_key = crypto.new_key()
        salt = crypto.new_tipster_salt()
        params, receipt_secret = crypto.receipt_secret(receipt)
        tipster_public = crypto.public_key_of(crypto.tipster_key_from_secret(receipt_secret, salt))
        with transaction.atomic():
            tip = cls.objects.create(
                category=category,
                community=community,
                grid_unit=grid_unit,
                unit=unit,
                receipt_hash=crypto.receipt_lookup_hash(params, receipt_secret),
                tipster_salt=salt,
                tipster_sealed_key=crypto.seal(tipster_public, tip_key),
                body=crypto.encrypt_text(tip_key, json.dumps(content, ensure_ascii=False)),
            )
            tip.grant(unit, tip_key)
        return tip, tip_key

    def grant(self, unit: PoliceUnit, tip_key: bytes):
        TipKeyGrant.objects.get_or_create(
            tip=self, unit=unit, defaults={"sealed_key": crypto.seal(bytes(unit.public_key), tip_key)}
        )


class TipKeyGrant(models.Model):
    """The tip's key sealed to one unit's public key."""

    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(PoliceUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="grants")
    sealed_key = models.BinaryField(_("sealed tip key"))

    class Meta:
        verbose_name = _("tip key grant")
        verbose_name_plural = _("tip key grants")
        constraints = [models.UniqueConstraint(fields=["tip", "unit"], name="tips_grant_unique")]

    def __str__(self):
        return f"{self.tip} → {self.unit}"


class Message(models.Model):
    """A message between the police and the tipster, or information the
    tipster added later; encrypted with the tip's key."""

    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(_("from"), max_length=10, choices=Author.choices)
    body = models.BinaryField(_("encrypted text"))
    sent_on = models.DateField(_("sent on"), default=today)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.tip} · {self.get_author_display()} · {self.sent_on}"


def attachment_path(instance, filename):
    # A random name: the real one is stored encrypted in ``name``.
    return f"tips/{secrets.token_hex(16)}.bin"


class Attachment(models.Model):
    """A cleaned (metadata-free) file, encrypted in chunks with the tip's key."""

    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="attachments",
    )
    name = models.BinaryField(_("encrypted file name"))
    content_type = models.CharField(pgettext_lazy("file", "type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    file = models.FileField(_("encrypted file"), upload_to=attachment_path)
    added_on = models.DateField(_("added on"), default=today)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.tip} · {self.content_type}"

    def read_name(self, tip_key: bytes) -> str:
        return crypto.decrypt_text(tip_key, self.name)

    def read(self, tip_key: bytes) -> bytes:
        with self.file.open("rb") as handle:
            return crypto.decrypt_chunks(tip_key, handle.read())


# ---------------------------------------------------------------- anti-spam
class Challenge(models.Model):
    """A single-use proof-of-work challenge (and, without JavaScript, its image
    captcha). The form's limits are keyed on it, never on an address."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    # The form it was made for ("submit", "status"): it passes no other.
    form = models.CharField(_("form"), max_length=16, default="")
    bits = models.PositiveSmallIntegerField(_("difficulty in bits"))
    captcha_hash = models.CharField(_("captcha answer hash"), max_length=64)
    attempts = models.PositiveSmallIntegerField(_("wrong captcha answers"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.token[:8]


# ---------------------------------------------------------------- audit
class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the audit log is append-only")

    def delete(self):
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """One police or reward action, chained to the previous entry by hash.

    Rows are only ever added: save() on an existing row and delete() raise,
    and so do bulk updates and deletes; database triggers refuse UPDATE and
    DELETE from raw SQL too (tips/audit_guard.py). ``manage.py
    verify_tips_audit`` recomputes the chain.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.CharField(_("who"), max_length=150)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    tip_reference = models.CharField(_("tip"), max_length=12, blank=True)
    action = models.CharField(_("action"), max_length=40)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.tip_reference}"

    def compute_hash(self) -> str:
        fields = [
            self.previous_hash,
            self.created_at.isoformat(),
            self.actor,
            self.unit,
            self.tip_reference,
            self.action,
            self.detail,
        ]
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit log is append-only")

    @classmethod
    def record(cls, *, actor, action, tip=None, unit=None, detail="", on_day=None):
        """Append an entry timed to the second, or, given ``on_day`` (for what
        the tipster did), dated to that day's midnight only."""
        if on_day is None:
            when = timezone.now().replace(microsecond=0)
        else:
            # In UTC, as the database gives it back: the hash covers isoformat().
            when = timezone.make_aware(datetime.combine(on_day, time.min)).astimezone(UTC)
        with transaction.atomic():
            last = cls.objects.select_for_update().order_by("-pk").first()
            entry = cls(
                actor=getattr(actor, "get_username", lambda: str(actor))(),
                unit=getattr(unit, "code", "") or (tip.unit.code if tip else ""),
                tip_reference=tip.reference if tip else "",
                action=action,
                detail=detail[:200],
                previous_hash=last.entry_hash if last else "0" * 64,
                created_at=when,
            )
            entry.entry_hash = entry.compute_hash()
            entry.save()
        return entry

    @classmethod
    def verify_chain(cls) -> list[str]:
        """Problems found, empty when the chain is whole."""
        problems = []
        previous = "0" * 64
        for entry in cls.objects.order_by("pk").iterator():
            if entry.previous_hash != previous:
                problems.append(f"entry {entry.pk}: previous hash does not match")
            if entry.compute_hash() != entry.entry_hash:
                problems.append(f"entry {entry.pk}: contents changed")
            previous = entry.entry_hash
        return problems


class TipTombstone(models.Model):
    """What is left of a purged tip: its id, unit and dates, nothing else
    (the GlobaLeaks lesson: staff need to know a tip existed and was purged)."""

    tip_id = models.PositiveBigIntegerField(_("tip id"), unique=True)
    unit = models.CharField(_("unit"), max_length=32)
    received_on = models.DateField(_("received on"))
    closed_on = models.DateField(_("closed on"), null=True)
    purged_on = models.DateField(_("purged on"), default=today)

    class Meta:
        verbose_name = _("purged tip")
        verbose_name_plural = _("purged tips")
        ordering = ["-purged_on", "-tip_id"]

    def __str__(self):
        return f"#{self.tip_id} · {self.unit} · {self.purged_on}"


# ---------------------------------------------------------------- rewards
class RewardKey(models.Model):
    """The reward officers' key pair. Claimants' identities are sealed to its
    public half; its private half is stored only wrapped, once per reward
    officer (RewardOfficer), like a unit's key. Police units hold no copy."""

    public_key = models.BinaryField(_("public key"))
    recovery_sealed_key = models.BinaryField(_("private key sealed to the recovery key"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward officers' key")
        verbose_name_plural = _("reward officers' keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return hashlib.sha256(bytes(self.public_key)).hexdigest()[:16]

    @classmethod
    def current(cls):
        return cls.objects.order_by("-created_at", "-pk").first()


class RewardOfficer(HeldKey):
    """A reward officer's copy of the reward key, held as HeldKey says."""

    key = models.ForeignKey(RewardKey, verbose_name=_("key"), on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="tip_reward_keys"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward officer")
        verbose_name_plural = _("reward officers")
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="tips_reward_officer_unique")]

    def __str__(self):
        return str(self.user)


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved, waiting to be claimed")
    REJECTED = "rejected", _("Rejected")
    CLAIMED = "claimed", _("Claimed")
    # Not decided within TIPS_REWARD_DECISION_DAYS (tips/rewards.py).
    LAPSED = "lapsed", _("Lapsed, not decided in time")


class Reward(models.Model):
    """A reward for a tip: proposed by the tip's unit, decided by a reward
    officer, claimed with its claim code.

    Kept when the tip is purged (finance needs the register), so it names
    the tip only by reference. The claimant's identity is in ``claim_data``,
    encrypted with a random key that is sealed only to the reward officers'
    key (``claim_sealed_key``): no police unit, superuser or editor can open it.
    """

    tip = models.ForeignKey(
        Tip, verbose_name=_("tip"), on_delete=models.SET_NULL, null=True, blank=True, related_name="rewards"
    )
    tip_reference = models.CharField(_("tip"), max_length=12)
    unit = models.ForeignKey(PoliceUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rewards")
    amount = models.PositiveIntegerField(_("amount (yuan)"))
    status = models.CharField(
        _("status"), max_length=10, choices=RewardStatus.choices, default=RewardStatus.PROPOSED
    )
    proposed_by = models.CharField(_("proposed by"), max_length=150)
    proposed_on = models.DateField(_("proposed on"), default=today)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    claim_place = models.CharField(_("where to claim"), max_length=200, blank=True)
    claim_until = models.DateField(_("claim by"), null=True, blank=True)
    claim_code_hash = models.CharField(_("claim code hash"), max_length=128, blank=True)
    # The day the tipster was notified: the status page first showed the
    # approval and the claim code. The claim window counts from it. A day,
    # never a time: the tipster's visit must not be dated more precisely.
    claim_code_shown_on = models.DateField(_("claim code shown on"), null=True, blank=True)
    claimed_by = models.CharField(_("paid out by"), max_length=150, blank=True)
    claimed_on = models.DateField(_("claimed on"), null=True, blank=True)
    claim_sealed_key = models.BinaryField(_("claim key sealed to the reward officers"), null=True)
    claim_data = models.BinaryField(_("encrypted claimant identity"), null=True)
    proxy_letter = models.FileField(_("encrypted proxy letter"), upload_to=attachment_path, blank=True)
    identity_destroyed_on = models.DateField(_("identity destroyed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self):
        return f"{self.tip_reference} · ¥{self.amount} · {self.get_status_display()}"

    @property
    def claim_expired(self) -> bool:
        return bool(
            self.status == RewardStatus.APPROVED and self.claim_until and self.claim_until < timezone.localdate()
        )
