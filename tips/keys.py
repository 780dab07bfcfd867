"""Creating police units, their keys and their members, and replacing a
unit's key when officers leave (tips/crypto.py says who holds which key).
Used by the management commands and the demo.

When an officer leaves: ``remove_member`` ends their access, then
``rotate_unit_key`` makes a new key pair, seals every live tip's key to it,
seals it to each remaining member (tips.models.HeldKey) and to the recovery
key, and overwrites every copy of the old private key. Whatever the removed
officer kept (their passphrase, their wrapped copy, even the old unit key)
then opens nothing in the database.
"""

import base64

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from nacl.exceptions import CryptoError

from . import crypto
from .models import AuditEntry, PoliceUnit, RecoveryKey, RoutingRule, TipKeyGrant, UnitMembership

MIN_PASSPHRASE = 12


class KeyError_(ValueError):
    """A key could not be opened (wrong passphrase or recovery key)."""


def police_group(unit: PoliceUnit) -> Group:
    """The unit's group: lets its members into the Wagtail admin, nothing more."""
    group, created = Group.objects.get_or_create(name=f"Police: {unit.code}")
    if created:
        access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
        if access:
            group.permissions.add(access)
    return group


def create_recovery_key() -> tuple[RecoveryKey, str]:
    """A new recovery key pair; returns the private half, base64, to be kept
    offline. It is not stored anywhere."""
    private, public = crypto.new_key_pair()
    return RecoveryKey.objects.create(public_key=public), base64.b64encode(private).decode()


def sealed_to_recovery(private_key: bytes) -> bytes | None:
    """The private key sealed to the office's current recovery key, if there is one."""
    recovery = RecoveryKey.current()
    return crypto.seal(bytes(recovery.public_key), private_key) if recovery else None


def create_unit(code: str, name: str, email: str = "", default: bool = False) -> tuple[PoliceUnit, bytes]:
    """A unit with a new key pair; returns its private key for the first member."""
    private, public = crypto.new_key_pair()
    with transaction.atomic():
        unit = PoliceUnit.objects.create(
            code=code, name=name, email=email, public_key=public, recovery_sealed_key=sealed_to_recovery(private)
        )
        police_group(unit)
        if default:
            RoutingRule.objects.filter(is_default=True).delete()
            RoutingRule.objects.create(unit=unit, is_default=True)
    return unit, private


def check_passphrase(passphrase: str):
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ValueError(f"a passphrase has at least {MIN_PASSPHRASE} characters")


def add_member(unit: PoliceUnit, user, passphrase: str, unit_private_key: bytes) -> UnitMembership:
    check_passphrase(passphrase)
    if crypto.public_key_of(unit_private_key) != bytes(unit.public_key):
        raise KeyError_("this is not the unit's key")
    with transaction.atomic():
        membership, _ = UnitMembership.objects.update_or_create(
            unit=unit, user=user, defaults=UnitMembership.grant_fields(passphrase, unit_private_key)
        )
        user.groups.add(police_group(unit))
    return membership


def remove_member(unit: PoliceUnit, user, actor) -> bool:
    """End ``user``'s access to the unit's tips; False if they had none."""
    with transaction.atomic():
        removed, _ = UnitMembership.objects.filter(unit=unit, user=user).delete()
        user.groups.remove(police_group(unit))
        if removed:
            AuditEntry.record(actor=actor, action="member removed", unit=unit, detail=user.get_username())
    return bool(removed)


def rotate_unit_key(unit: PoliceUnit, old_private_key: bytes, actor) -> dict:
    """Replace the unit's key pair (see the module docstring). Returns how
    many tips were sealed again, and who kept access and who lost it (a
    member whose copy predates member key pairs and was never unlocked since
    cannot be carried over: add them again with tips_add_member)."""
    with transaction.atomic():
        unit = PoliceUnit.objects.select_for_update().get(pk=unit.pk)
        if crypto.public_key_of(old_private_key) != bytes(unit.public_key):
            raise KeyError_("this is not the unit's key")
        new_private, new_public = crypto.new_key_pair()
        grants = list(TipKeyGrant.objects.select_for_update().filter(unit=unit))
        for grant in grants:
            tip_key = crypto.unseal(old_private_key, grant.sealed_key)
            grant.sealed_key = crypto.seal(new_public, tip_key)
        TipKeyGrant.objects.bulk_update(grants, ["sealed_key"])
        kept, dropped = [], []
        for membership in UnitMembership.objects.select_for_update().filter(unit=unit).select_related("user"):
            if membership.public_key is None:
                dropped.append(membership.user.get_username())
                membership.delete()
                continue
            membership.reseal(new_private)
            membership.save(update_fields=["sealed_key"])
            kept.append(membership.user.get_username())
        unit.public_key = new_public
        unit.recovery_sealed_key = sealed_to_recovery(new_private)
        unit.save(update_fields=["public_key", "recovery_sealed_key"])
        AuditEntry.record(
            actor=actor, action="unit key rotated", unit=unit,
            detail=f"{len(grants)} tips; members: {', '.join(kept) or '-'}"
            + (f"; dropped: {', '.join(dropped)}" if dropped else ""),
        )
    return {"tips": len(grants), "kept": kept, "dropped": dropped}


def unit_key_from_recovery(unit: PoliceUnit, recovery_private_b64: str) -> bytes:
    if unit.recovery_sealed_key is None:
        raise KeyError_("this unit was created without a recovery key")
    try:
        return crypto.unseal(base64.b64decode(recovery_private_b64.strip()), unit.recovery_sealed_key)
    except (CryptoError, ValueError) as error:
        raise KeyError_("the recovery key does not open this unit's key") from error


def unit_key_from_member(unit: PoliceUnit, user, passphrase: str) -> bytes:
    membership = UnitMembership.objects.filter(unit=unit, user=user).first()
    if membership is None:
        raise KeyError_("not a member of this unit")
    try:
        return membership.unlock(passphrase)
    except CryptoError as error:
        raise KeyError_("wrong passphrase") from error
