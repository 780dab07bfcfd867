"""Encryption at rest: the database and media hold no tip text, receipt or
file name, in clear, base64 or hex; receipts are hashed with Argon2id."""

import base64
import binascii
import hashlib
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from nacl.exceptions import CryptoError

from tests.tips.helpers import (
    CANARY,
    PASSPHRASE,
    jpeg_with_metadata,
    receipt_in,
    send_tip,
    setup_office,
    solved,
)
from tips import crypto, services
from tips.choices import Author
from tips.keys import KeyError_, unit_key_from_member, unit_key_from_recovery
from tips.models import PoliceUnit, Tip, UnitMembership

pytestmark = pytest.mark.django_db


def database_dump() -> bytes:
    """Every row of every table, text and binary columns as stored."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        parts.append(bytes(value))
                    else:
                        parts.append(str(value).encode("utf-8"))
    return b"\n".join(parts)


def files_dump() -> bytes:
    parts = []
    for root in (Path(settings.MEDIA_ROOT), Path(tempfile.gettempdir())):
        if root.exists():
            for file in root.rglob("*"):
                try:
                    if file.is_file() and file.stat().st_size < 50_000_000:
                        parts.append(file.name.encode() + b"\n" + file.read_bytes())
                except OSError:
                    continue
    return b"\n".join(parts)


def encodings(secret: str) -> list[bytes]:
    raw = secret.encode("utf-8")
    found = [raw, binascii.hexlify(raw), binascii.hexlify(raw).upper()]
    for shift in range(3):  # base64 of the secret at any alignment, edges trimmed
        encoded = base64.b64encode(b"\0" * shift + raw)[4:-4]
        found += [encoded, base64.urlsafe_b64encode(b"\0" * shift + raw)[4:-4]]
    return found


def assert_absent(secret: str, dump: bytes):
    for form in encodings(secret):
        assert form not in dump, (secret, form)


def test_receipts_are_random_17_digits_with_a_check_digit():
    receipts = [crypto.new_receipt() for _ in range(10_000)]
    assert len(set(receipts)) == 10_000
    assert all(len(r) == 17 and crypto.receipt_is_well_formed(r) for r in receipts)
    counts = Counter("".join(r[:16] for r in receipts))
    expected = 16 * 10_000 / 10
    chi_square = sum((counts[str(d)] - expected) ** 2 / expected for d in range(10))
    assert chi_square < 40  # 9 degrees of freedom: far above any honest sample
    receipt = receipts[0]
    for position in range(17):  # any single mistyped digit is caught
        wrong = str((int(receipt[position]) + 1) % 10)
        assert not crypto.receipt_is_well_formed(receipt[:position] + wrong + receipt[position + 1 :])
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}-\d", crypto.format_receipt(receipt))
    assert crypto.normalise_receipt("１２３４ 5678-9012 3456 7") == "12345678901234567"


def test_stored_receipt_hash_is_argon2id_under_a_secret_salt(client, settings):
    settings.TIPS_ARGON2_TIME_COST, settings.TIPS_ARGON2_MEMORY_KIB = 3, 65536  # base.py's, not the tests' cheap ones
    setup_office()
    receipt = crypto.normalise_receipt(receipt_in(send_tip(client).content.decode()))
    stored = Tip.objects.get().receipt_hash
    assert stored.startswith("$argon2id$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 65536 and int(params["t"]) >= 3
    assert len(stored.split("$")) == 5  # the salt is the server's secret: not stored
    dump = database_dump()
    assert_absent(receipt, dump)
    assert_absent(crypto.format_receipt(receipt), dump)
    assert_absent(hashlib.sha256(receipt.encode()).hexdigest(), dump)


def test_no_tip_text_file_name_attachment_or_message_in_the_database_or_files(client):
    # The scan reads this test's own temp folder (tests/tips/conftest.py), not
    # the rest of the machine's /tmp, which may hold a checkout of this file.
    office = setup_office()
    photo = jpeg_with_metadata(name=f"{CANARY}.jpg")
    response = send_tip(client, files=[photo], contact="微信 " + CANARY, place="地点 " + CANARY)
    assert response.status_code == 200
    tip = Tip.objects.get()
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    tip_key = tip.key_for_unit(office["unit"], unit_key)
    services.add_message(tip, tip_key, Author.POLICE, "请补充 " + CANARY)
    services.add_message(tip, tip_key, Author.TIPSTER, "补充 " + CANARY)
    # What is stored can be read back by the unit...
    assert CANARY in tip.read_body(tip_key)["description"]
    assert tip.attachments.get().read_name(tip_key) == "附件1.jpg"  # the name it came with is not kept
    dump = database_dump() + files_dump()
    assert_absent(CANARY, dump)
    assert_absent("禁毒-7f3a", dump)
    assert_absent(base64.b64encode(unit_key).decode(), dump)
    assert unit_key not in dump and tip_key not in dump
    for attachment in tip.attachments.all():
        stored = Path(attachment.file.path).read_bytes()
        assert not stored.startswith((b"\xff\xd8\xff", b"%PDF", b"PK"))
        assert "CANARY" not in attachment.file.name


def test_a_unit_key_opens_only_with_the_members_passphrase_or_the_recovery_key():
    office = setup_office()
    unit = office["unit"]
    with pytest.raises(KeyError_):
        unit_key_from_member(unit, office["officer"], "wrong passphrase!!")
    with pytest.raises(KeyError_):  # a member of another unit
        unit_key_from_member(unit, office["drugs_officer"], PASSPHRASE)
    by_member = unit_key_from_member(unit, office["officer"], PASSPHRASE)
    assert unit_key_from_recovery(unit, office["recovery_private"]) == by_member
    assert crypto.public_key_of(by_member) == bytes(unit.public_key)
    with pytest.raises(CryptoError):
        UnitMembership.objects.get(unit=unit).unlock("not it at all")


def test_commands_create_a_recovery_key_a_unit_and_members(tmp_path, monkeypatch):
    users = get_user_model().objects
    first = users.create_user("first")
    second = users.create_user("second")
    third = users.create_user("third")
    key_file = tmp_path / "recovery.key"
    call_command("tips_recovery_key", out=str(key_file))
    monkeypatch.setenv("P1", "first passphrase long")
    monkeypatch.setenv("P2", "second passphrase long")
    monkeypatch.setenv("P3", "third passphrase long")
    call_command("tips_create_unit", "dongcheng", "东城派出所", "first", passphrase_env="P1", default=True)
    unit = PoliceUnit.objects.get(code="dongcheng")
    call_command("tips_add_member", "dongcheng", "second", by="first", by_passphrase_env="P1", passphrase_env="P2")
    call_command("tips_add_member", "dongcheng", "third", recovery_key_file=str(key_file), passphrase_env="P3")
    keys = {unit_key_from_member(unit, u, p) for u, p in ((first, "first passphrase long"),
                                                          (second, "second passphrase long"),
                                                          (third, "third passphrase long"))}
    assert len(keys) == 1
    assert first.groups.filter(name="Police: dongcheng").exists()
    # Every grant of a key is in the audit log, like every removal.
    from tips.models import AuditEntry

    granted = AuditEntry.objects.filter(action="member added", unit="dongcheng")
    assert sorted(granted.values_list("detail", flat=True)) == ["second", "third"]


def _hash_as_stored_before(text: str, purpose: bytes, time_cost: int, memory_kib: int) -> str:
    """A receipt or claim-code hash exactly as argon2-cffi's hash_secret_raw
    computed it when it stored every receipt and claim code so far."""
    from argon2.low_level import Type, hash_secret_raw

    raw = hash_secret_raw(
        text.encode("ascii"), crypto._server_secret(purpose)[:16], time_cost=time_cost, memory_cost=memory_kib,
        parallelism=1, hash_len=32, type=Type.ID,
    )
    encoded = base64.b64encode(raw).decode("ascii").rstrip("=")
    return f"$argon2id$v=19$m={memory_kib},t={time_cost},p=1${encoded}"


def test_a_receipt_hashed_before_the_faster_argon2id_still_opens_its_tip(client, settings):
    # Receipts are hashed with libsodium now (half the time of a submit);
    # tips stored before must still open with the receipt their tipster holds.
    setup_office()
    html = send_tip(client).content.decode()
    receipt = crypto.normalise_receipt(receipt_in(html))
    t, m = settings.TIPS_ARGON2_TIME_COST, settings.TIPS_ARGON2_MEMORY_KIB
    Tip.objects.update(receipt_hash=_hash_as_stored_before(receipt, crypto.RECEIPT_HASH, t, m))
    page = client.get("/tips/status/").content.decode()
    opened = client.post("/tips/status/", {"receipt": receipt, **solved(page)})
    assert opened.status_code == 200
    assert 'name="token"' in opened.content.decode()  # the status page with its reply form, not "no tip found"


def test_production_strength_hashes_are_the_same_argon2id_as_before(settings):
    # base.py's parameters (the tests' own are cheaper), once for each purpose.
    code = crypto.new_claim_code()
    assert crypto.claim_code_hash(code, "$argon2id$v=19$m=65536,t=3,p=1$") == _hash_as_stored_before(
        code, crypto.CLAIM_HASH, 3, 65536
    )
    receipt = crypto.new_receipt()
    assert crypto.receipt_hash(receipt, "$argon2id$v=19$m=65536,t=3,p=1$") == _hash_as_stored_before(
        receipt, crypto.RECEIPT_HASH, 3, 65536
    )


def _argon2id_runs(monkeypatch) -> list:
    """Every Argon2id run from now on (the real libsodium function, counted)."""
    runs = []
    real = crypto.nacl.pwhash.argon2id.kdf

    def counted(*args, **kwargs):
        runs.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(crypto.nacl.pwhash.argon2id, "kdf", counted)
    return runs


def test_a_submission_and_a_status_login_each_cost_one_argon2id_run(client, monkeypatch):
    # The receipt's stored hash and the tipster's key come from one run: a
    # second one would double what a tip costs the server (bench/tips_bench.py).
    setup_office()
    runs = _argon2id_runs(monkeypatch)
    receipt = crypto.normalise_receipt(receipt_in(send_tip(client).content.decode()))
    assert len(runs) == 1
    page = client.get("/tips/status/").content.decode()
    opened = client.post("/tips/status/", {"receipt": receipt, **solved(page)})
    assert 'name="token"' in opened.content.decode()  # the status page with the tip, not "no tip found"
    assert len(runs) == 2


def test_the_stored_receipt_hash_does_not_give_the_tipster_key(client):
    # The database holds the lookup hash, never the Argon2id output the
    # tipster's key is derived from: a copy of the rows opens no tip.
    setup_office()
    receipt = crypto.normalise_receipt(receipt_in(send_tip(client).content.decode()))
    tip = Tip.objects.get()
    assert tip.receipt_hash != crypto.receipt_hash(receipt)
    stored = base64.b64decode(tip.receipt_hash.rsplit("$", 1)[1] + "=")
    with pytest.raises(CryptoError):
        crypto.unseal(crypto.tipster_key_from_secret(stored, tip.tipster_salt), tip.tipster_sealed_key)
    assert CANARY in tip.read_body(tip.key_for_tipster(receipt))["description"]


def test_a_tip_whose_tipster_key_had_its_own_argon2id_run_still_opens(client, settings):
    # Tips stored before the one-run scheme: the receipt hash is the Argon2id
    # output itself and the tipster's key an Argon2id run over the receipt and
    # a salt with its parameters. Their tipsters still read the police's reply.
    office = setup_office()
    receipt = crypto.normalise_receipt(receipt_in(send_tip(client).content.decode()))
    tip = Tip.objects.get()
    unit_key = unit_key_from_member(office["unit"], office["officer"], PASSPHRASE)
    tip_key = tip.key_for_unit(office["unit"], unit_key)
    old_salt = crypto._params_prefix(settings.TIPS_ARGON2_TIME_COST, settings.TIPS_ARGON2_MEMORY_KIB) + bytes(16)
    old_public = crypto.public_key_of(crypto.tipster_private_key(receipt, old_salt))
    Tip.objects.filter(pk=tip.pk).update(
        receipt_hash=crypto.receipt_hash(receipt), tipster_salt=old_salt,
        tipster_sealed_key=crypto.seal(old_public, tip_key),
    )
    services.add_message(tip, tip_key, Author.POLICE, "请到派出所详谈")
    page = client.get("/tips/status/").content.decode()
    opened = client.post("/tips/status/", {"receipt": receipt, **solved(page)})
    assert "请到派出所详谈" in opened.content.decode()
