"""Creating police units, their keys and their members (tips/crypto.py says
who holds which key). Used by the management commands and the demo."""

import base64

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from nacl.exceptions import CryptoError

from . import crypto
from .models import PoliceUnit, RecoveryKey, RoutingRule, UnitMembership

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


def create_unit(code: str, name: str, email: str = "", default: bool = False) -> tuple[PoliceUnit, bytes]:
    """A unit with a new key pair; returns its private key for the first member."""
    private, public = crypto.new_key_pair()
    recovery = RecoveryKey.current()
    with transaction.atomic():
        unit = PoliceUnit.objects.create(
            code=code,
            name=name,
            email=email,
            public_key=public,
            recovery_sealed_key=crypto.seal(bytes(recovery.public_key), private) if recovery else None,
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
            unit=unit, user=user, defaults={"wrapped_key": crypto.wrap_secret(passphrase, unit_private_key)}
        )
        user.groups.add(police_group(unit))
    return membership


def remove_member(unit: PoliceUnit, user):
    UnitMembership.objects.filter(unit=unit, user=user).delete()
    user.groups.remove(police_group(unit))


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
