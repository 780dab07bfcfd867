"""Officers come and go: removing a member and replacing a unit's key (or the
reward officers' key) through the commands; Argon2id parameters stored with
what they protect, so changing them locks nobody out; one secret per purpose;
the recovery key file readable by its owner only."""

import base64
import os
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from nacl.exceptions import CryptoError

from tests.tips.helpers import (
    CANARY,
    PASSPHRASE,
    open_status,
    receipt_in,
    send_tip,
    setup_office,
    setup_office_with_tip,
    unlock,
)
from tips import crypto, rewards
from tips.keys import KeyError_, add_member, unit_key_from_member, unit_key_from_recovery
from tips.models import AuditEntry, PoliceUnit, RewardKey, RewardOfficer, Tip, TipKeyGrant, UnitMembership

pytestmark = pytest.mark.django_db

SECOND = "second officer's passphrase"
THIRD = "third officer's passphrase"


@pytest.fixture
def office(client, tmp_path, monkeypatch):
    """The office of test_console.py and test_status.py with its tip, plus two
    more members of the first unit and the recovery key in a file."""
    office = setup_office_with_tip(client)
    recovery_file = tmp_path / "recovery.key"
    recovery_file.write_text(office["recovery_private"] + "\n")
    office["recovery_file"] = str(recovery_file)
    users = get_user_model().objects
    office["second"] = users.create_user("second", password="pw-second")
    office["third"] = users.create_user("third", password="pw-third")
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    add_member(office["unit"], office["second"], SECOND, unit_key)
    add_member(office["unit"], office["third"], THIRD, unit_key)
    monkeypatch.setenv("FIRST_PASS", PASSPHRASE)
    monkeypatch.setenv("THIRD_PASS", THIRD)
    return office


def test_a_removed_member_opens_nothing_after_the_rotation(client, office):
    unit, tip = office["unit"], office["tip"]
    # What the third officer could have kept: their copy of the unit key and the key itself.
    kept = UnitMembership.objects.get(unit=unit, user=office["third"])
    old_unit_key = kept.unlock(THIRD)
    assert crypto.unseal(old_unit_key, tip.grants.get().sealed_key)  # today it opens the tip
    # The second officer has the unit unlocked in the browser while this happens.
    unlock(client, office["second"], unit, SECOND)
    assert client.get(f"/admin/tips/{tip.reference}/").status_code == 200

    with pytest.raises(CommandError, match="passphrase"):
        call_command("tips_rotate_unit_key", unit.code, by="officer", by_passphrase_env="THIRD_PASS")
    call_command("tips_remove_member", unit.code, "third")
    with pytest.raises(CommandError, match="not a member"):
        call_command("tips_rotate_unit_key", unit.code, by="third", by_passphrase_env="THIRD_PASS")
    call_command("tips_rotate_unit_key", unit.code, by="officer", by_passphrase_env="FIRST_PASS")

    unit.refresh_from_db()
    assert bytes(unit.public_key) != crypto.public_key_of(old_unit_key)
    # The third officer's passphrase, copy and old key open nothing, the old tip included.
    with pytest.raises(KeyError_):
        unit_key_from_member(unit, office["third"], THIRD)
    with pytest.raises(CryptoError):
        crypto.unseal(kept.unlock(THIRD), tip.grants.get().sealed_key)
    for grant in TipKeyGrant.objects.all():
        with pytest.raises(CryptoError):
            crypto.unseal(old_unit_key, grant.sealed_key)
    with pytest.raises(CryptoError):
        crypto.unseal(old_unit_key, unit.recovery_sealed_key)
    unlock(client, office["third"], unit, THIRD)
    refused = client.get(f"/admin/tips/{tip.reference}/")
    assert refused.status_code in (302, 404) and CANARY not in refused.content.decode()

    # The second officer's old session opens nothing: back to the unlock form, not an error.
    client.force_login(office["second"])
    assert client.get(f"/admin/tips/{tip.reference}/")["Location"] == "/admin/tips/"
    # The two remaining members read the tip and its photo with their own passphrases.
    for user, passphrase in ((office["officer"], PASSPHRASE), (office["second"], SECOND)):
        assert unlock(client, user, unit, passphrase).status_code == 302
        page = client.get(f"/admin/tips/{tip.reference}/").content.decode()
        assert CANARY in page
        download = client.get(f"/admin/tips/{tip.reference}/files/{tip.attachments.get().pk}/")
        assert download.content.startswith(b"\xff\xd8\xff")
    # The recovery key opens the new key; the tipster still reads the tip with the receipt.
    assert crypto.public_key_of(unit_key_from_recovery(unit, office["recovery_private"])) == bytes(unit.public_key)
    client.logout()  # the tipster is nobody's session
    assert "已受理" in open_status(client, office["receipt"]).content.decode()

    entries = AuditEntry.objects.filter(unit=unit.code)
    assert entries.filter(action="member removed", actor="manage.py", detail="third").exists()
    rotated = entries.get(action="unit key rotated")
    assert rotated.actor == "officer" and "1 tips" in rotated.detail and "third" not in rotated.detail
    call_command("verify_tips_audit")


def test_the_recovery_key_rotates_a_unit_whose_members_all_left(client, office):
    unit = office["unit"]
    old_unit_key = unit_key_from_member(unit, office["officer"], PASSPHRASE)
    for username in ("officer", "second", "third"):
        call_command("tips_remove_member", unit.code, username)
    assert not UnitMembership.objects.filter(unit=unit).exists()
    wrong = office["recovery_file"] + ".wrong"
    with open(wrong, "w") as handle:
        handle.write(base64.b64encode(crypto.new_key()).decode())
    with pytest.raises(CommandError, match="recovery key does not open"):
        call_command("tips_rotate_unit_key", unit.code, recovery_key_file=wrong)
    call_command("tips_rotate_unit_key", unit.code, recovery_key_file=office["recovery_file"])
    unit.refresh_from_db()
    new_unit_key = unit_key_from_recovery(unit, office["recovery_private"])
    assert new_unit_key != old_unit_key
    assert CANARY in office["tip"].read_body(office["tip"].key_for_unit(unit, new_unit_key))["description"]
    assert AuditEntry.objects.get(action="unit key rotated").actor == "manage.py (recovery key)"
    # The other unit's key and tips are untouched.
    drugs = PoliceUnit.objects.get(code="jdb-brigade")
    assert unit_key_from_member(drugs, office["drugs_officer"], PASSPHRASE)


def test_a_copy_made_before_member_key_pairs_still_unlocks_and_is_upgraded(office, settings):
    unit = office["unit"]
    unit_key = unit_key_from_member(unit, office["officer"], PASSPHRASE)
    # The old form: the unit key itself wrapped under the passphrase, with no
    # parameters stored (a bare salt), made with the parameters of that time.
    salt = os.urandom(crypto.SALT_BYTES)
    derived = crypto.derive_key(SECOND, salt, crypto.LEGACY_TIME_COST, crypto.LEGACY_MEMORY_KIB)
    UnitMembership.objects.filter(user=office["second"]).update(
        wrapped_key=salt + crypto.encrypt(derived, unit_key), public_key=None, sealed_key=None
    )
    assert unit_key_from_member(unit, office["second"], SECOND) == unit_key
    upgraded = UnitMembership.objects.get(user=office["second"])
    assert upgraded.public_key is not None
    assert crypto.wrapped_params(upgraded.wrapped_key) == (settings.TIPS_ARGON2_TIME_COST, settings.TIPS_ARGON2_MEMORY_KIB)
    assert upgraded.unlock(SECOND) == unit_key


def test_production_strength_and_a_settings_change_locks_nobody_out(client, settings):
    """At base.py's parameters (the tests run cheaper ones): what is made is
    stored with them, and still opens once the settings are changed."""
    settings.TIPS_ARGON2_TIME_COST, settings.TIPS_ARGON2_MEMORY_KIB = 3, 65536
    office = setup_office()
    receipt = receipt_in(send_tip(client).content.decode())
    tip = Tip.objects.get()
    assert tip.receipt_hash.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    assert crypto.wrapped_params(UnitMembership.objects.get(user=office["officer"]).wrapped_key) == (3, 65536)

    settings.TIPS_ARGON2_TIME_COST, settings.TIPS_ARGON2_MEMORY_KIB = 2, 16
    newer = receipt_in(send_tip(client, description="第二条线索 " + CANARY).content.decode())
    assert Tip.objects.exclude(pk=tip.pk).get().receipt_hash.startswith("$argon2id$v=19$m=16,t=2,p=1$")
    # Both tipsters read their tip, the member still unlocks, and a new member gets the new parameters.
    for each in (receipt, newer):
        client.logout()  # each tipster comes with a session of their own
        response = open_status(client, each)
        assert response.status_code == 200 and "已受理" in response.content.decode()
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    newcomer = get_user_model().objects.create_user("newcomer")
    membership = add_member(office["unit"], newcomer, SECOND, unit_key)
    assert crypto.wrapped_params(membership.wrapped_key) == (2, 16)
    assert unit_key_from_member(office["unit"], newcomer, SECOND) == unit_key


def test_each_purpose_has_its_own_secret():
    labels = (crypto.RECEIPT_HASH, crypto.CLAIM_HASH, crypto.RECEIPT_TOKEN, crypto.STATUS_TOKEN)
    secrets = {crypto._server_secret(label) for label in labels}
    assert len(secrets) == len(labels)
    receipt_salt = crypto._server_secret(crypto.RECEIPT_HASH)[:16]
    for token in crypto.TOKEN_PURPOSES:
        assert receipt_salt not in bytes(crypto.server_box(token))
    with pytest.raises(ValueError):
        crypto.server_box(crypto.RECEIPT_HASH)


def test_the_recovery_key_file_is_readable_by_its_owner_only(tmp_path):
    out = tmp_path / "recovery.key"
    old_umask = os.umask(0)  # even with a permissive umask
    try:
        call_command("tips_recovery_key", out=str(out))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        call_command("tips_recovery_key", out=str(out))


def test_reward_officers_come_and_go_too(monkeypatch, tmp_path):
    from tips.keys import create_recovery_key

    _recovery, recovery_private = create_recovery_key()
    users = get_user_model().objects
    first, second, third = (users.create_user(name) for name in ("cashier1", "cashier2", "cashier3"))
    key = rewards.create_reward_key(first, PASSPHRASE)
    private = rewards.private_key_from_officer(key, first, PASSPHRASE)
    rewards.add_officer(key, second, SECOND, private)
    rewards.add_officer(key, third, THIRD, private)
    # A claim recorded under the current key.
    from tips.models import Reward

    office_unit = PoliceUnit.objects.create(code="u", name="u", public_key=crypto.new_key_pair()[1])
    record_key = crypto.new_key()
    reward = Reward.objects.create(
        tip_reference="X", unit=office_unit, amount=500, status="claimed",
        claim_sealed_key=crypto.seal(bytes(key.public_key), record_key),
        claim_data=crypto.encrypt_text(record_key, '{"name": "' + CANARY + '"}'),
    )
    kept_copy = RewardOfficer.objects.get(user=third)
    monkeypatch.setenv("SECOND_PASS", SECOND)
    call_command("tips_remove_reward_officer", "cashier3")
    assert not rewards.is_reward_officer(third)
    call_command("tips_rotate_reward_key", by="cashier2", by_passphrase_env="SECOND_PASS")

    new_key = RewardKey.current()
    assert new_key.pk != key.pk and not RewardKey.objects.filter(pk=key.pk).exists()
    for user, passphrase in ((first, PASSPHRASE), (second, SECOND)):
        new_private = rewards.private_key_from_officer(new_key, user, passphrase)
        reward.refresh_from_db()
        assert rewards.read_claim(reward, new_private)["name"] == CANARY
    with pytest.raises(KeyError_):
        rewards.private_key_from_officer(new_key, third, THIRD)
    with pytest.raises(CryptoError):
        rewards.read_claim(reward, kept_copy.unlock(THIRD))
    recovery_file = tmp_path / "recovery.key"
    recovery_file.write_text(recovery_private)
    call_command("tips_rotate_reward_key", recovery_key_file=str(recovery_file))
    reward.refresh_from_db()
    assert rewards.read_claim(reward, rewards.private_key_from_officer(RewardKey.current(), first, PASSPHRASE))
    actions = list(AuditEntry.objects.values_list("action", "actor"))
    assert ("reward officer removed", "manage.py") in actions
    assert ("reward key rotated", "cashier2") in actions
    assert ("reward key rotated", "manage.py (recovery key)") in actions
